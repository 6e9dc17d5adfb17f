"""An innovation-services application brought to each state after approval through the
services, for the aftercare tests."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trinno_portal.funding.aftercare import services
from trinno_portal.funding.aftercare.rules import PaidInvoice
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.models import Document
from trinno_portal.funding.workflow import Actor, Status
from trinno_portal.signatures.final_report import FINAL_REPORT_KIND

from ..audits.conftest import MINIMAL_PDF
from ..catalogue_call.conftest import fill_draft, start
from ..factories import MembershipFactory, UserFactory
from ..signed import signed_document_attach


def document(application, kind: str) -> Document:
    return Document.objects.create(
        application=application,
        kind=kind,
        file=SimpleUploadedFile(f"{kind}.pdf", MINIMAL_PDF),
        original_name=f"{kind}.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256="0" * 64,
        uploaded_by=application.created_by,
    )


def approved(call, submit_catalogue, membership=None):
    m = membership or MembershipFactory(enterprise__ateco_code="32.12.10")
    application = submit_catalogue(fill_draft(start(call, m)), m.user)
    assert application.status == Status.ELIGIBLE
    return application_approve(application=application, by=UserFactory(is_staff=True))


def in_progress(call, submit_catalogue, membership=None):
    application = approved(call, submit_catalogue, membership)
    document(application, services.SIGNED_AGREEMENT)
    return application_act(
        application=application,
        transition="start_project",
        by=application.created_by,
        actor=Actor.APPLICANT,
    )


def paid(amount: str, *, days: int = 1) -> PaidInvoice:
    on = timezone.localdate() + dt.timedelta(days=days)
    return PaidInvoice("1/2026", on, "Digital Innovation Hub Toscana", Decimal(amount), on)


def reported(call, submit_catalogue, *invoices: PaidInvoice, membership=None):
    application = in_progress(call, submit_catalogue, membership)
    document(application, services.INVOICE)
    document(application, services.PAYMENT_PROOF)
    signed_document_attach(application, FINAL_REPORT_KIND)
    return services.final_report_submit(
        application=application,
        by=application.created_by,
        summary="ERP in production",
        results="Orders tracked end to end",
        invoices=list(invoices) or [paid("30000.00")],
    )
