"""The innovation-services call as a scheme (trinno_portal/funding/schemes.py): what it
is, in one place. settings.FUNDING_SCHEMES names CATALOGUE."""

from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext_lazy as _

from catalogue.call.eligibility import envelopes_for, evaluate, prefetch
from catalogue.call.models import CatalogueApplication
from catalogue.call.notifications import catalogue_notify_submitted
from catalogue.call.services import catalogue_application_problems, catalogue_snapshot
from trinno_portal.funding.aftercare.contract import Aftercare, GrantTerms
from trinno_portal.funding.aftercare.services import agreement_accept, final_report_accept
from trinno_portal.funding.models import Application
from trinno_portal.funding.models import Scheme as SchemeCode
from trinno_portal.funding.schemes import (
    COMMON_NOTIFICATIONS,
    COMMON_TRANSITIONS,
    Scheme,
    SchemeTransition,
)


def grant_terms(application: Application) -> GrantTerms:
    """The approval's rate over its services (each has its own intensity: the grant is
    their sum), rounded down to a hundredth of a point so that the final grant never
    exceeds what the services' intensities allow (docs/decisions/0011-aftercare-after.md)."""
    eligible = application.eligible_cost or Decimal("0.00")
    grant = application.grant_amount or Decimal("0.00")
    rate = (grant * 100 / eligible).quantize(Decimal("0.01"), ROUND_DOWN) if eligible else 0
    return GrantTerms(rate_percent=Decimal(rate), cost_cap=eligible)


CATALOGUE = Scheme(
    code=SchemeCode.CATALOGUE,
    label=_("Innovation services (catalogue)"),
    detail_model=CatalogueApplication,
    detail_url_name="catalogue:call_application",
    evaluate=evaluate,
    prefetch=prefetch,
    envelopes=envelopes_for,
    workflow={
        **COMMON_TRANSITIONS,
        "start_project": SchemeTransition(
            label=_("Accept the grant agreement"), service=agreement_accept
        ),
        "submit_final_report": SchemeTransition(),
        "accept_final_report": SchemeTransition(service=final_report_accept),
        "close": SchemeTransition(),
    },
    notifications={**COMMON_NOTIFICATIONS, "submit": catalogue_notify_submitted},
    problems=catalogue_application_problems,
    snapshot=catalogue_snapshot,
    admin_inlines=(
        "catalogue.call.admin.CatalogueApplicationInline",
        "catalogue.call.admin.ServiceRequestInline",
        "trinno_portal.funding.aftercare.admin.GrantAgreementInline",
        "trinno_portal.funding.aftercare.admin.ProjectFinalReportInline",
        "trinno_portal.funding.aftercare.admin.ProjectInvoiceInline",
    ),
    aftercare=Aftercare(
        agreement_kind="grant_agreement",
        agreement_label=_("grant agreement"),
        agreement_template="catalogue/call/pdf/agreement.html",
        signed_acceptance_required=True,
        grant_terms=grant_terms,
    ),
)
