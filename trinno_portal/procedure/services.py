"""Writes of the procedure: the reasoned rejection (law 241/1990 arts. 3 and 10-bis) and
the close of replies nobody gave in time. Called by the dispatcher (funding/dispatch.py)
and the beat task; none takes a request."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.transitions import transition_run
from trinno_portal.procedure.models import RejectionDecision
from trinno_portal.procedure.rules import preavviso_owed
from trinno_portal.procedure.selectors import call_procedure, last_preavviso

# Law 241/1990 art. 3(4): every act states the authority and the term to appeal to.
# Law 1034/1971 and d.lgs. 104/2010 art. 29: the TAR within 60 days; d.P.R. 1199/1971
# art. 9: the extraordinary appeal to the President of the Republic within 120 days.
APPEAL = gettext_lazy(
    "Against this decision you may appeal to the Regional Administrative Court (TAR) of "
    "Tuscany within 60 days of its notification, or make an extraordinary appeal to the "
    "President of the Republic within 120 days (d.P.R. 24 November 1971, no. 1199)."
)


def appeal_text() -> str:
    """The appeal statement in the portal's language: it is written into the record."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(APPEAL)


@transaction.atomic
def application_reject(
    *,
    application: Application,
    by: User | None,
    reason: str,
    observations_weighed: str = "",
    competitive: bool = False,
) -> Application:
    """Reject with the reasons, the weighing of the observations where a notice was
    sent, and the ways of appeal; or refuse with a message saying what is missing.
    `competitive`: the rejection is a ranking's outcome, which owes no notice
    (rules.preavviso_owed)."""
    reason, weighed = reason.strip(), observations_weighed.strip()
    if not reason:
        raise FundingError(_("Please give a reason."))
    procedure = call_procedure(application.call_id)
    notice = last_preavviso(application)
    required = procedure is not None and procedure.preavviso_required
    if preavviso_owed(required=required, competitive=competitive) and notice is None:
        raise FundingError(
            _(
                "Send the notice of intended rejection first and wait for the answer or its "
                "deadline (law 241/1990 art. 10-bis)."
            )
        )
    if notice is not None and not weighed:
        raise FundingError(_("State how the applicant's observations were weighed."))
    appeal = appeal_text()
    record = reason if not weighed else f"{reason}\n\n{weighed}"
    moved = transition_run(
        application=application, transition="reject", by=by, reason=f"{record}\n\n{appeal}"
    )
    RejectionDecision.objects.update_or_create(
        application=moved,
        defaults={
            "reasons": reason,
            "observations_weighed": weighed,
            "appeal": appeal,
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    return moved
