"""The application form the legal representative signs: the portal writes the data and
the declarations in lieu of affidavit (DPR 445/2000 arts. 46-47: de minimis, stamp duty,
privacy notice) into a PDF, the legal representative signs it and uploads it, and the
submission is refused until the signed form of the draft as it is now is there.

The form carries a reference to the draft's version (the PDF's Keywords); a signed form
of an older version no longer matches once anything was changed.
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.accounts.models import MemberRole
from trinno_portal.lib.pdf import render_pdf

from .models import SignatureVerification
from .selectors import signature_requirement

APPLICATION_FORM_KIND = "application_form"


def application_form_reference(application) -> str:
    return f"trinno-application:{application.pk}:v{application.version}"


def application_form_required(application) -> bool:
    return (
        signature_requirement(rules=application.call.rules, kind=APPLICATION_FORM_KIND) is not None
    )


def application_form_kinds(application) -> list[tuple[str, object]]:
    """The upload choice for the signed form, where the call requires it."""
    if not application_form_required(application):
        return []
    return [(APPLICATION_FORM_KIND, gettext_lazy("Application form, digitally signed"))]


def _cost_rows(application) -> list[tuple[str, object]]:
    """What the form lists as costs: the audit's cost items, or the catalogue services
    requested (innovation-services call), each with its provider."""
    rows = [(item.description, item.amount) for item in application.cost_items.all()]
    requests = getattr(application, "catalogue_services", None)
    if requests is not None:
        rows += [
            (f"{r.service.code} · {r.provider_name} ({r.provider_vat_number})", r.cost)
            for r in requests.select_related("service")
        ]
    return rows


def application_form_pdf(application) -> bytes:
    """The form as a PDF, with the data of the draft as it is now."""
    from trinno_portal.funding.models import LedgerSource

    legal_rep = (
        application.enterprise.memberships.filter(role=MemberRole.LEGAL_REPRESENTATIVE)
        .select_related("user")
        .first()
        if application.enterprise
        else None
    )
    audit = getattr(application, "audit", None)
    return render_pdf(
        "signatures/pdf/application_form.html",
        {
            "application": application,
            "enterprise": application.enterprise,
            "legal_representative": legal_rep.user.get_full_name() if legal_rep else "",
            "cost_items": _cost_rows(application),
            "declared_aid": list(
                application.de_minimis_entries.filter(source=LedgerSource.DECLARED)
            ),
            "stamp_serial": getattr(audit, "stamp_duty_serial", ""),
            "reference": application_form_reference(application),
            # The form is the draft as it is now: dated the moment it is made.
            "generated_at": timezone.now(),
        },
    )


def form_reference_of(content: bytes) -> str:
    """The reference written in a signed form's PDF (empty if there is none)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        metadata = PdfReader(io.BytesIO(content)).metadata
    except (PyPdfError, ValueError, OSError):
        return ""
    return str((metadata or {}).get("/Keywords", "")).strip()


def signed_form_problem(application) -> str | None:
    """Why the application cannot be submitted yet for want of its signed form, or None."""
    if not application_form_required(application):
        return None
    verification = (
        SignatureVerification.objects.filter(
            document__application=application,
            document__kind=APPLICATION_FORM_KIND,
            valid=True,
        )
        .order_by("-verified_at")
        .first()
    )
    if verification is None:
        return _(
            "Download the application form, have the legal representative sign it digitally "
            "and upload it before submitting."
        )
    if verification.signed_reference != application_form_reference(application):
        return _(
            "The application was changed after the form was signed: download the form again, "
            "sign it and upload it."
        )
    return None
