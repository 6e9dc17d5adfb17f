"""The technological-audit call as a scheme (trinno_portal/funding/schemes.py): what it
is, in one place. settings.FUNDING_SCHEMES names AUDIT."""

from django.utils.translation import gettext_lazy as _

from audits.call.eligibility import envelope_for, evaluate, prefetch
from audits.call.models import AuditApplication
from audits.call.notifications import audit_notify_submitted
from audits.call.services import (
    audit_application_problems,
    audit_final_report_accept,
    audit_letter_sign,
    audit_snapshot,
)
from trinno_portal.funding.models import Scheme as SchemeCode
from trinno_portal.funding.schemes import (
    COMMON_NOTIFICATIONS,
    COMMON_TRANSITIONS,
    Scheme,
    SchemeTransition,
)

AUDIT = Scheme(
    code=SchemeCode.AUDIT,
    label=_("Technological audit"),
    detail_model=AuditApplication,
    detail_url_name="audits:application_detail",
    evaluate=evaluate,
    prefetch=prefetch,
    envelopes=lambda application: [envelope_for(application)],
    workflow={
        **COMMON_TRANSITIONS,
        "start_project": SchemeTransition(label=_("Sign the letter"), service=audit_letter_sign),
        "submit_final_report": SchemeTransition(),
        "accept_final_report": SchemeTransition(service=audit_final_report_accept),
        "close": SchemeTransition(),
    },
    notifications={**COMMON_NOTIFICATIONS, "submit": audit_notify_submitted},
    problems=audit_application_problems,
    snapshot=audit_snapshot,
    admin_inlines=(
        "audits.call.admin.AuditApplicationInline",
        "audits.call.admin.FinalReportInline",
        "audits.call.admin.InvoiceInline",
    ),
)
