"""Approval: the decision that commits money and enters the de minimis ledger."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application, DeMinimisEntry, LedgerSource, Regulation
from trinno_portal.funding.rules import NEW_REGIME_FROM
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.services import FundingError, budget_commit
from trinno_portal.funding.transitions import transition_run
from trinno_portal.rna.services import grant_register


@transaction.atomic
def application_approve(*, application: Application, by: User, reason: str = "") -> Application:
    """Approve and commit the grant on the scheme's envelopes, all or nothing.

    The guarded transition comes first: of two officers approving at once, one wins and
    the other is refused before any money moves. If the budget is short, the whole
    approval rolls back and the application stays where it was.
    """
    grant = application.grant_amount
    if not grant or grant <= 0:
        raise FundingError(_("This application has no grant to approve."))
    envelopes = scheme_for(application.scheme).envelopes(application)
    # In the guarded UPDATE itself: an application is never approved without its date,
    # which the monitoring's indicators count by.
    now = timezone.now()
    application = transition_run(
        application=application,
        transition="approve",
        by=by,
        reason=reason,
        extra={"approved_at": now},
    )
    budget_commit(
        application=application,
        envelopes=envelopes,
        amount=grant,
        by=by,
        reason=_("Approval of %(protocol)s") % {"protocol": application.protocol_number},
    )
    if application.enterprise_id:
        today = timezone.localdate(now)
        DeMinimisEntry.objects.create(
            enterprise_id=application.enterprise_id,
            application=application,
            source=LedgerSource.PORTAL,
            granting_body="Regione Toscana",
            measure=application.call.title,
            regulation=(
                Regulation.GENERAL_2023 if today >= NEW_REGIME_FROM else Regulation.GENERAL_2013
            ),
            granted_on=today,
            amount=grant,
        )
    # Last, so that nothing after it can fail: the grant registered in the RNA (its COR)
    # and the single undertaking's de minimis checked, or the whole approval refused
    # (art. 52 law 234/2012; docs/rna.md).
    grant_register(application=application, granted_on=timezone.localdate(now))
    return application
