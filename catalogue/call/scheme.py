"""The innovation-services call as a scheme (trinno_portal/funding/schemes.py): what it
is, in one place. settings.FUNDING_SCHEMES names CATALOGUE."""

from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalogue.call import eligibility, forms, selectors, services
from catalogue.call.eligibility import envelopes_for, evaluate, prefetch
from catalogue.call.models import CatalogueApplication
from catalogue.call.notifications import catalogue_notify_submitted
from catalogue.call.services import catalogue_application_problems, catalogue_snapshot
from trinno_portal.funding.aftercare.contract import Aftercare, GrantTerms
from trinno_portal.funding.aftercare.selectors import final_grant_preview
from trinno_portal.funding.aftercare.services import agreement_accept, final_report_accept
from trinno_portal.funding.journey.access import applicant_loader
from trinno_portal.funding.journey.steps import de_minimis_step, documents_step
from trinno_portal.funding.models import Application, LedgerSource
from trinno_portal.funding.models import Scheme as SchemeCode
from trinno_portal.funding.payments.contract import PaymentTerms
from trinno_portal.funding.schemes import (
    COMMON_NOTIFICATIONS,
    COMMON_TRANSITIONS,
    Journey,
    JourneyUrls,
    MeritCriterion,
    Scheme,
    SchemeTransition,
    Step,
)
from trinno_portal.signatures.application_form import application_form_kinds


def grant_terms(application: Application) -> GrantTerms:
    """The approval's rate over its services (each has its own intensity: the grant is
    their sum), rounded down to a hundredth of a point so that the final grant never
    exceeds what the services' intensities allow (docs/decisions/0013-life-after-approval.md)."""
    eligible = application.eligible_cost or Decimal("0.00")
    grant = application.grant_amount or Decimal("0.00")
    rate = (grant * 100 / eligible).quantize(Decimal("0.01"), ROUND_DOWN) if eligible else 0
    return GrantTerms(rate_percent=Decimal(rate), cost_cap=eligible)


def provider_ok(application: Application, supplier_vat: str) -> bool:
    """An invoice for a catalogue service counts only from a provider whose meeting of the
    service's requirements was declared and assessed with the application (the call)."""
    return application.catalogue_services.filter(provider_vat_number=supplier_vat).exists()


def _document_kinds(application: Application) -> list[tuple[str, str]]:
    """A quote for each requested service (required), then the optional documents."""
    quotes = [
        (
            services.quote_kind(r.service.code),
            gettext("Provider's quote for %(code)s") % {"code": r.service.code},
        )
        for r in selectors.service_requests_of(application)
    ]
    form = [(kind, str(label)) for kind, label in application_form_kinds(application)]
    return quotes + form + [(k, str(v)) for k, v in services.OPTIONAL_DOCUMENTS.items()]


def _review_context(application: Application) -> dict:
    return {
        "funding": eligibility.funding_for(application, application.enterprise.size_class),
        "requests": selectors.service_requests_of(application),
        "declared_aid": list(application.de_minimis_entries.filter(source=LedgerSource.DECLARED)),
        "documents": list(application.documents.all()),
    }


_TITLES = dict(services.STEPS)
STEPS: tuple[Step, ...] = (
    Step(
        "services",
        _TITLES["services"],
        "catalogue/call/journey/_services.html",
        forms.services_forms,
        forms.services_save,
        context=forms.services_context,
    ),
    de_minimis_step(
        declared=lambda application: application.catalogue.de_minimis_declared,
        replace=services.catalogue_de_minimis_replace,
    ),
    documents_step(kinds=_document_kinds, intro="catalogue/call/journey/_documents_intro.html"),
)

JOURNEY = Journey(
    urls=JourneyUrls.named(
        "catalogue:call_",
        detail="catalogue:call_application",
        dashboard="catalogue:call_dashboard",
        call="catalogue:call",
    ),
    load=applicant_loader(SchemeCode.CATALOGUE),
    heading="catalogue/call/journey/_heading.html",
    title=_("Application for innovation services"),
    steps=lambda application: STEPS,
    completed=lambda application: application.catalogue.completed_steps,
    start=services.catalogue_application_start,
    open_call=selectors.catalogue_call_open,
    no_call_message=_("No innovation-services call is open at the moment."),
    review_template="catalogue/call/journey/_review.html",
    review_context=_review_context,
    detail_page="catalogue/call/application_detail.html",
    detail_context=lambda application: {
        "detail": application.catalogue,
        "requests": selectors.service_requests_of(application),
    },
    receipt_template="catalogue/call/pdf/receipt.html",
    receipt_context=selectors.receipt_context,
)

CATALOGUE = Scheme(
    code=SchemeCode.CATALOGUE,
    label=_("Innovation services (catalogue)"),
    detail_model=CatalogueApplication,
    detail_url_name="catalogue:call_application",
    evaluate=evaluate,
    prefetch=prefetch,
    envelopes=envelopes_for,
    # Illustrative merit criteria (not in the call's text): each call's own are edited in
    # the admin (procedure.CallCriterion), created from these.
    merit_criteria=(
        MeritCriterion("innovation", _("Degree of innovation of the services"), Decimal("40")),
        MeritCriterion("coherence", _("Coherence with the firm's needs"), Decimal("35")),
        MeritCriterion("impact", _("Expected impact on the firm"), Decimal("25")),
    ),
    workflow={
        **COMMON_TRANSITIONS,
        "start_project": SchemeTransition(
            label=_("Accept the grant agreement"), service=agreement_accept
        ),
        "submit_final_report": SchemeTransition(),
        "accept_final_report": SchemeTransition(
            service=final_report_accept, preview=final_grant_preview
        ),
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
    payments=PaymentTerms(grant_terms=grant_terms, provider_ok=provider_ok),
    journey=JOURNEY,
)
