"""Writes of the staff work queue: assignment of applications to officers, internal
notes, the due date of each waiting state, and the officers' daily digest.

None of these takes a request: the admin actions, the Celery task and the shell call the
same functions. The due date follows every transition, whoever makes it (staff in the
admin, the applicant answering a request, the eligibility job): transitions.transition_run
sets it in the move's own UPDATE; application_due_refresh recomputes it for a row set by hand.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.deadlines import due_date
from trinno_portal.funding.models import Application, StatusChange
from trinno_portal.funding.queue.models import ApplicationNote, DigestSent, NoteKind
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.email import send_templated_email

log = logging.getLogger(__name__)

# Applications still waiting for a decision or a step: the officer's queue.
OPEN_STATES = frozenset(
    {
        Status.SUBMITTED,
        Status.ELIGIBLE,
        Status.UNDER_ASSESSMENT,
        Status.INFO_REQUESTED,
        Status.PREAVVISO,
        Status.RANKED,
        Status.APPROVED,
        Status.IN_PROGRESS,
        Status.FINAL_REPORT,
        Status.MONITORING,
    }
)
DIGEST_HORIZON_DAYS = 3


def officers() -> QuerySet[User]:
    """Staff who may decide on applications (and so be assigned them): active, staff,
    and holding the change permission on applications (officials hold view only)."""
    can_change = (
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename="change_application",
            groups__permissions__content_type__app_label="funding",
        )
        | Q(
            user_permissions__codename="change_application",
            user_permissions__content_type__app_label="funding",
        )
    )
    ids = User.objects.filter(can_change, is_active=True, is_staff=True).values("pk")
    return User.objects.filter(pk__in=ids).order_by("full_name", "email")


def is_officer(user: User) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm("funding.change_application"))


# --- due dates ---------------------------------------------------------------------


def application_due_refresh(*, application: Application) -> dt.date | None:
    """Set the due date of the state the application is in now, from the call's rules,
    counted from the day it entered that state."""
    row = Application.objects.filter(pk=application.pk).values("status", "call__rules").first()
    if row is None:
        return None
    entered = (
        StatusChange.objects.filter(application_id=application.pk, to_status=row["status"])
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )
    entered_on = timezone.localdate(entered) if entered else timezone.localdate()
    due = due_date(row["status"], entered_on, row["call__rules"] or {})
    Application.objects.filter(pk=application.pk).update(due_on=due)
    application.due_on = due
    return due


# --- assignment and notes ----------------------------------------------------------


@transaction.atomic
def application_assign(*, application: Application, officer: User | None, by: User) -> bool:
    """Hand an application to an officer (None: back to the shared queue).

    Returns False when it already was theirs. The hand-over is kept as a note, so the
    page tells who gave what to whom and when.
    """
    if officer is not None and not is_officer(officer):
        raise FundingError(
            _("%(user)s cannot handle applications.") % {"user": officer.get_full_name()}
        )
    current = (
        Application.objects.select_for_update()
        .filter(pk=application.pk)
        .values_list("assigned_to_id", flat=True)
        .first()
    )
    new_id = officer.pk if officer is not None else None
    if current == new_id:
        return False
    Application.objects.filter(pk=application.pk).update(
        assigned_to_id=new_id, updated_at=timezone.now()
    )
    application.assigned_to = officer
    text = (
        _("Assigned to %(officer)s.") % {"officer": officer.get_full_name()}
        if officer is not None
        else _("Returned to the shared queue.")
    )
    ApplicationNote.objects.create(
        application=application, author=by, kind=NoteKind.ASSIGNMENT, text=text
    )
    return True


def application_note_add(*, application: Application, author: User, text: str) -> ApplicationNote:
    text = text.strip()
    if not text:
        raise FundingError(_("Write the note before saving it."))
    return ApplicationNote.objects.create(application=application, author=author, text=text)


# --- the daily digest ----------------------------------------------------------------


def digest_items(*, officer: User, today: dt.date) -> list[Application]:
    """What an officer has to look at: their open applications overdue or due within
    DIGEST_HORIZON_DAYS days, most urgent first."""
    horizon = today + dt.timedelta(days=DIGEST_HORIZON_DAYS)
    return list(
        Application.objects.filter(assigned_to=officer, status__in=OPEN_STATES, due_on__lte=horizon)
        .select_related("call", "enterprise", "person")
        .order_by("due_on", "submitted_at", "pk")
    )


def officer_digests_send(*, day: dt.date) -> int:
    """Send each officer with something due their digest for `day`, once.

    Claimed by inserting the (officer, day) row first: a second run, or a second beat
    process, finds the row and skips; a failed send gives the claim back for a retry.
    """
    horizon = day + dt.timedelta(days=DIGEST_HORIZON_DAYS)
    officer_ids = (
        Application.objects.filter(
            assigned_to__isnull=False, status__in=OPEN_STATES, due_on__lte=horizon
        )
        .values("assigned_to")
        .annotate(n=Count("pk"))
        .values_list("assigned_to", flat=True)
    )
    sent = 0
    for officer in User.objects.filter(pk__in=list(officer_ids), is_active=True).order_by("pk"):
        items = digest_items(officer=officer, today=day)
        if not items or not officer.email:
            continue
        try:
            with transaction.atomic():
                claim = DigestSent.objects.create(officer=officer, day=day, items=len(items))
        except IntegrityError:
            continue  # already sent today
        try:
            send_templated_email(
                template_prefix="emails/triage/digest",
                context={
                    "officer": officer,
                    "day": day,
                    "total": len(items),
                    "horizon": DIGEST_HORIZON_DAYS,
                    # Absolute links when the portal knows its address (e-mail clients
                    # have no base URL); relative ones otherwise.
                    "base_url": getattr(settings, "PORTAL_BASE_URL", "").rstrip("/"),
                    "overdue": [a for a in items if a.due_on < day],
                    "due": [a for a in items if a.due_on >= day],
                },
                to=[officer.email],
            )
        except Exception:
            claim.delete()
            log.exception("digest to officer %s failed; it will be retried", officer.pk)
            continue
        sent += 1
    return sent
