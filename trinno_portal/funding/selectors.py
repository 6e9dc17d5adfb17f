"""Reads on calls and applications. Object-level access lives here: every view that
shows an application gets it through application_for_user, which answers 404 for what
the user may not see."""

from django.db.models import Q, QuerySet
from django.http import Http404

from trinno_portal.accounts.models import User
from trinno_portal.accounts.roles import Role

from .models import Application


def user_is_back_office(user: User) -> bool:
    """Staff of Arezzo Innovazione and Region officials see every application
    (officials read-only: the admin enforces that through their view-only permissions)."""
    return (
        user.is_authenticated
        and user.is_staff
        and (
            user.is_superuser
            or user.groups.filter(name__in=[Role.AGENCY_STAFF, Role.REGION_OFFICIAL]).exists()
        )
    )


def applications_visible_to(user: User) -> QuerySet[Application]:
    """Applications of the enterprises the user is a member of, and the user's own
    personal applications."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(
        Q(enterprise__memberships__user=user) | Q(person__user=user)
    ).distinct()


def application_for_user(user: User, pk: int, *, back_office: bool = False) -> Application:
    """The application if the user may see it, else 404 (never 403: no hint that it exists)."""
    qs = (
        Application.objects.all()
        if back_office and user_is_back_office(user)
        else (applications_visible_to(user))
    )
    try:
        return qs.select_related("call", "enterprise", "person").get(pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
