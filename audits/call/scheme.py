"""The technological-audit call as a scheme (trinno_portal/funding/schemes.py): what it
is, in one place. settings.FUNDING_SCHEMES names AUDIT."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from audits.call import forms, selectors, services
from audits.call.eligibility import envelope_for, evaluate, prefetch
from audits.call.models import AuditApplication
from audits.call.notifications import audit_notify_submitted
from audits.call.rules import grant_terms as audit_grant_terms
from audits.call.services import audit_application_problems, audit_snapshot
from audits.selfassessment.selectors import assessments_behind
from trinno_portal.funding.aftercare.contract import Aftercare, GrantTerms
from trinno_portal.funding.aftercare.selectors import final_grant_preview
from trinno_portal.funding.aftercare.services import agreement_accept, final_report_accept
from trinno_portal.funding.documents import DocumentUploadForm
from trinno_portal.funding.journey.access import applicant_loader
from trinno_portal.funding.journey.steps import de_minimis_step, documents_step
from trinno_portal.funding.models import Application
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

_TITLES = dict(services.STEPS)
_DOCUMENT_KINDS = [
    (kind, str(label))
    for kind, label in (*services.REQUIRED_DOCUMENTS.items(), *services.OPTIONAL_DOCUMENTS.items())
]
_STEPS: dict[str, Step] = {
    "project": Step(
        "project",
        _TITLES["project"],
        "audits/journey/_project.html",
        forms.project_forms,
        forms.project_save,
    ),
    "provider": Step(
        "provider",
        _TITLES["provider"],
        "audits/journey/_provider.html",
        forms.provider_forms,
        forms.provider_save,
    ),
    "costs": Step(
        "costs", _TITLES["costs"], "audits/journey/_costs.html", forms.costs_forms, forms.costs_save
    ),
    "de_minimis": de_minimis_step(
        declared=lambda application: application.audit.de_minimis_declared,
        replace=services.audit_de_minimis_replace,
    ),
    "stamp": Step(
        "stamp", _TITLES["stamp"], "audits/journey/_stamp.html", forms.stamp_forms, forms.stamp_save
    ),
    "documents": documents_step(
        # The signed application form too, where the call requires it (trinno_portal/signatures).
        kinds=lambda application: [
            *_DOCUMENT_KINDS,
            *((kind, str(label)) for kind, label in application_form_kinds(application)),
        ],
        intro="audits/journey/_documents_intro.html",
        context=lambda application: {"required": services.REQUIRED_DOCUMENTS},
    ),
}


def _steps(application: Application) -> list[Step]:
    # The stamp duty step only where the call asks for it (services.steps_for).
    return [_STEPS[code] for code, _title in services.steps_for(application.call)]


def grant_terms(application: Application) -> GrantTerms:
    """The final grant's terms: the row of the call's funding table for the size class
    frozen at submission (rules.final_grant), for the final report and the claims alike."""
    return audit_grant_terms(application.call.rules, application.size_class)


def _detail_context(application: Application) -> dict:
    letter_kinds = [(k, str(v)) for k, v in services.LETTER_DOCUMENTS.items()]
    return {
        "upload_form": DocumentUploadForm(kinds=letter_kinds),
        # The path behind it: first-level and advanced assessments (seed, Activity 3).
        "behind": assessments_behind(application),
    }


JOURNEY = Journey(
    urls=JourneyUrls.named("audits:application_", dashboard="audits:dashboard", call="audits:call"),
    load=applicant_loader(SchemeCode.AUDIT),
    heading="audits/journey/_heading.html",
    title=_("Audit application"),
    steps=_steps,
    completed=lambda application: application.audit.completed_steps,
    start=services.audit_application_start,
    open_call=selectors.audit_call_open,
    no_call_message=_("No audit call is open at the moment."),
    running=lambda application: selectors.audit_grants_running(
        [application.enterprise_id], exclude=application.pk
    ),
    review_template="audits/journey/_review.html",
    review_context=selectors.audit_review_context,
    detail_page="audits/application_detail.html",
    detail_context=_detail_context,
    receipt_template="audits/pdf/receipt.html",
    receipt_context=selectors.audit_pdf_context,
)

AUDIT = Scheme(
    code=SchemeCode.AUDIT,
    label=_("Technological audit"),
    detail_model=AuditApplication,
    detail_url_name="audits:application_detail",
    evaluate=evaluate,
    prefetch=prefetch,
    envelopes=lambda application: [envelope_for(application)],
    # Illustrative merit criteria (not in the call's text): each call's own are edited in
    # the admin (procedure.CallCriterion), created from these.
    merit_criteria=(
        MeritCriterion("maturity", _("Digital maturity gap addressed"), Decimal("40")),
        MeritCriterion("plan", _("Quality of the audit plan"), Decimal("35")),
        MeritCriterion("impact", _("Expected impact on the firm"), Decimal("25")),
    ),
    workflow={
        **COMMON_TRANSITIONS,
        "start_project": SchemeTransition(label=_("Sign the letter"), service=agreement_accept),
        "submit_final_report": SchemeTransition(),
        "accept_final_report": SchemeTransition(
            service=final_report_accept, preview=final_grant_preview
        ),
        "close": SchemeTransition(),
    },
    notifications={**COMMON_NOTIFICATIONS, "submit": audit_notify_submitted},
    problems=audit_application_problems,
    snapshot=audit_snapshot,
    admin_inlines=(
        "audits.call.admin.AuditApplicationInline",
        "trinno_portal.funding.aftercare.admin.GrantAgreementInline",
        "trinno_portal.funding.aftercare.admin.ProjectFinalReportInline",
        "trinno_portal.funding.aftercare.admin.ProjectInvoiceInline",
    ),
    # The shared life after approval (funding/aftercare/): the letter of assignment is the
    # audit's kind of grant agreement, signed on its own pages (audits:application_letter,
    # audits:application_sign_letter) with its own document kind.
    aftercare=Aftercare(
        agreement_kind="letter_of_assignment",
        agreement_label=_("letter of assignment"),
        agreement_template="audits/pdf/letter.html",
        signed_acceptance_required=True,
        grant_terms=grant_terms,
        proofs_required=False,
        signed_kind="signed_letter",
        agreement_context=selectors.audit_letter_context,
        agreement_filename="lettera-incarico",
        words={"signed_first": _("Upload the signed letter of assignment first.")},
    ),
    # The same claims as every scheme; the rate is the audit's final grant rule's.
    payments=PaymentTerms(grant_terms=grant_terms),
    journey=JOURNEY,
)
