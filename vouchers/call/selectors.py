"""Reads of the voucher call. Object-level access: a person reaches only their own voucher
applications (trinno_portal.funding.selectors.application_for_user), an agency user only
the vouchers on the courses of their agencies; 404 otherwise, never 403."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application, Call, Scheme
from trinno_portal.funding.selectors import application_for_user
from trinno_portal.funding.workflow import Status
from vouchers.call import rules

CALL_CODE = "voucher-formativi-i40-2018"

_RELATED = (
    "call",
    "person",
    "voucher__course__agency",
    "voucher_attendance",
)


def voucher_call_open() -> Call | None:
    """The voucher call open today (the newest, should there ever be more than one)."""
    today = timezone.localdate()
    for call in Call.objects.filter(scheme=Scheme.VOUCHER, open_on__lte=today).order_by(
        "-open_on", "-id"
    ):
        if call.is_open_on(today):
            return call
    return None


def vouchers_of(user: User) -> QuerySet[Application]:
    """The user's own voucher applications, newest first, with what the list shows."""
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(scheme=Scheme.VOUCHER, person__user=user)
        .select_related(*_RELATED)
        .order_by("-created_at", "-id")
    )


def voucher_for_user(user: User, pk: int) -> Application:
    """One of the user's own voucher applications, else 404."""
    application = application_for_user(user, pk)
    if application.scheme != Scheme.VOUCHER or application.person_id is None:
        raise Http404
    return vouchers_of(user).get(pk=application.pk)


def vouchers_of_agency_user(user: User) -> QuerySet[Application]:
    """Submitted voucher applications on the courses of the user's agencies (drafts stay
    private to the person)."""
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(
            scheme=Scheme.VOUCHER, voucher__course__agency__memberships__user=user
        )
        .exclude(status=Status.DRAFT)
        .select_related(*_RELATED)
        .order_by("-submitted_at", "-id")
    )


def voucher_for_agency_user(user: User, pk: int) -> Application:
    try:
        return vouchers_of_agency_user(user).get(pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc


def other_vouchers_count(application: Application) -> int:
    """The person's other applications in the call that count towards the maximum."""
    counted = getattr(application, "_other_vouchers", None)
    if counted is not None:  # a batch evaluation counted them: see prefetch
        return counted
    return (
        Application.objects.filter(call_id=application.call_id, person_id=application.person_id)
        .exclude(pk=application.pk)
        .exclude(status__in=rules.NOT_COUNTING)
        .count()
    )
