"""Reads of the life after approval for the applicant's pages."""

from django.conf import settings
from django.utils.translation import get_language

from trinno_portal.funding.aftercare.models import GrantAgreement, ProjectFinalReport
from trinno_portal.funding.effects import EffectLine, FinalAmount
from trinno_portal.funding.models import Application
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.workflow import COMMITTED_STATES

# The life after approval is the life of a committed grant.
AFTER_APPROVAL = COMMITTED_STATES


def aftercare_context(application: Application) -> dict:
    """What the post-approval section of an application's page shows: nothing (and no
    query) before approval or for a scheme without the shared machinery."""
    aftercare = scheme_for(application.scheme).aftercare
    if aftercare is None or application.status not in AFTER_APPROVAL:
        return {"aftercare": None}
    agreement = GrantAgreement.objects.filter(application=application).first()
    report = ProjectFinalReport.objects.filter(application=application).first()
    recomputation = None
    if report and report.recomputation:
        by_language = report.recomputation
        recomputation = by_language.get(get_language()) or by_language[settings.LANGUAGE_CODE]
    return {
        "aftercare": aftercare,
        "application": application,
        "agreement": agreement,
        "report": report,
        "recomputation": recomputation,
        "differs": bool(recomputation) and recomputation["amount"] != recomputation["approved"],
    }


def final_grant_preview(application: Application) -> FinalAmount:
    """The final grant accepting the report will set, line by line (funding/effects.py)."""
    # The services import this module; final_grant_of is a read kept beside its writes.
    from trinno_portal.funding.aftercare.services import final_grant_of

    result = final_grant_of(application)
    return FinalAmount(
        amount=result.amount,
        lines=tuple(
            EffectLine(f"{x.number} · {x.supplier}", x.amount, x.counted, str(x.reason))
            for x in result.lines
        ),
        reasons=tuple(str(r) for r in result.reasons),
    )
