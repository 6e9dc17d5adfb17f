"""Reads on calls and applications. Object-level access lives here: every view that
shows an application gets it through application_for_user, which answers 404 for what
the user may not see."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404

from trinno_portal.accounts.models import Membership, Person, User
from trinno_portal.accounts.roles import Role
from trinno_portal.funding.models import AgencyIdentity, Application, CallDocument, Notification


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


def _visible_by_exists(user: User) -> Q:
    """The applicant's access as two correlated EXISTS: cheap for one application
    (its primary key first), and no DISTINCT to undo a join's duplicates."""
    return Q(Exists(Membership.objects.filter(user=user, enterprise=OuterRef("enterprise")))) | Q(
        Exists(Person.objects.filter(user=user, pk=OuterRef("person")))
    )


def applications_visible_to(user: User) -> QuerySet[Application]:
    """Applications of the enterprises the user is a member of, and the user's own
    personal applications.

    For lists: the user's enterprises and person record are read first (one small
    query), so that the list is an index scan on enterprise_id / person_id. An OR over
    joins or subqueries makes PostgreSQL scan the whole applications table (EXPLAIN at
    100,000 applications: 550-900 ms against 0.1 ms; docs/performance.md)."""
    if not user.is_authenticated:
        return Application.objects.none()
    keys = (
        Membership.objects.filter(user=user)
        .order_by()
        .values_list("enterprise_id", Value("e"))
        .union(Person.objects.filter(user=user).order_by().values_list("pk", Value("p")), all=True)
    )
    enterprise_ids = [pk for pk, kind in keys if kind == "e"]
    person_ids = [pk for pk, kind in keys if kind == "p"]
    return Application.objects.filter(
        Q(enterprise_id__in=enterprise_ids) | Q(person_id__in=person_ids)
    )


def application_visible_to(user: User, pk: int) -> bool:
    """Whether the user may see this application as its applicant."""
    if not user.is_authenticated:
        return False
    return Application.objects.filter(_visible_by_exists(user), pk=pk).exists()


def application_for_user(user: User, pk: int, *, back_office: bool = False) -> Application:
    """The application if the user may see it, else 404 (never 403: no hint that it exists)."""
    if back_office and user_is_back_office(user):
        qs = Application.objects.all()
    elif user.is_authenticated:
        qs = Application.objects.filter(_visible_by_exists(user))
    else:
        qs = Application.objects.none()
    try:
        return qs.select_related("call", "enterprise", "person").get(pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc


def agency_identity() -> AgencyIdentity:
    """The agency's identity for a document's letterhead and signatory, in one query; the
    model's defaults (its name alone) until staff fill the row in the admin."""
    return AgencyIdentity.objects.order_by("pk").first() or AgencyIdentity()


# --- the user's notifications ------------------------------------------------------------


def notifications_page(user: User, *, page: int, per_page: int) -> tuple[list[Notification], bool]:
    """One page of the user's own notifications, newest first, and whether another page
    follows: one row more than shown tells it, without counting the table."""
    rows = list(
        Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[
            (page - 1) * per_page : page * per_page + 1
        ]
    )
    return rows[:per_page], len(rows) > per_page


def notifications_unread_count(user: User) -> int:
    """The user's unread notifications, counted on the small partial index of unread rows."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_for_user(user: User, pk: int) -> Notification:
    """The user's own notification, else 404 (another's is as if it did not exist)."""
    try:
        return Notification.objects.get(pk=pk, recipient=user)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc


def call_documents_open(scheme: str, *, on: dt.date) -> list[CallDocument]:
    """The published documents of the scheme's calls open `on`, the latest call first and
    each call's documents in their order, in one query."""
    return list(
        CallDocument.objects.filter(call__scheme=scheme, call__open_on__lte=on)
        .filter(Q(call__close_on__isnull=True) | Q(call__close_on__gte=on))
        .select_related("call")
        .order_by("-call__open_on", "call_id", "position", "id")
    )
