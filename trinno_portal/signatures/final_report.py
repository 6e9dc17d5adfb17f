"""The final report signed, where the call's rules list `final_report` under
"signatures" (fixtures/calls_*.json): the report's page asks for the signed report among
its documents (verified at upload like every signed document, services.signed_upload_check)
and the report cannot be filed without it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import SignatureVerification
from .selectors import signature_requirement

FINAL_REPORT_KIND = "final_report"


def final_report_signature_required(application) -> bool:
    return signature_requirement(rules=application.call.rules, kind=FINAL_REPORT_KIND) is not None


def final_report_kinds(application) -> dict[str, object]:
    """The upload choice for the signed report, where the call requires it."""
    if not final_report_signature_required(application):
        return {}
    return {FINAL_REPORT_KIND: gettext_lazy("Final report, digitally signed")}


def signed_final_report_problem(application) -> str | None:
    """Why the final report cannot be filed yet for want of its signed copy, or None."""
    if not final_report_signature_required(application):
        return None
    if SignatureVerification.objects.filter(
        document__application=application, document__kind=FINAL_REPORT_KIND, valid=True
    ).exists():
        return None
    return _(
        "Upload the final report signed digitally by the legal representative before submitting it."
    )
