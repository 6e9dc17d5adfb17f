"""Demo rows of the payments for `make run` (DEMO_MODE only, load_portal_data --demo):
two technological-audit operations of the demo SME with their CUP, one claim waiting for
the first-level check and one paid, walked through the same services as the pages, so a
newcomer sees every page of docs/payments.md filled."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.call import services as audit_services
from trinno_portal.accounts.models import Enterprise, User
from trinno_portal.accounts.services import DEMO_ENTERPRISE
from trinno_portal.funding.aftercare.services import agreement_accept
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.documents import document_upload
from trinno_portal.funding.eligibility import application_evaluate_eligibility
from trinno_portal.funding.models import Application, Call, Document
from trinno_portal.funding.payments import rules, services
from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.signatures_pki import sign_pades
from trinno_portal.signatures.application_form import APPLICATION_FORM_KIND, application_form_pdf
from trinno_portal.signatures.demo import demo_chain

AUDIT_CALL = "audit-industria-40"
# Well-formed codes of the demo (the CUP system's layout, rules.cup_problem), never real.
DEMO_CUPS = ("D19J26000010007", "D19J26000020007")
PROVIDER = ("Digital Innovation Hub Toscana", "00743110157")
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _document(application: Application, kind: str, user: User) -> Document:
    return Document.objects.create(
        application=application,
        kind=kind,
        file=SimpleUploadedFile(f"{kind}.pdf", _PDF),
        original_name=f"{kind}.pdf",
        content_type="application/pdf",
        size=len(_PDF),
        sha256=hashlib.sha256(_PDF).hexdigest(),
        uploaded_by=user,
    )


def _signed_form(application: Application, user: User) -> Document:
    """The application form signed with the demo key by the demo legal representative and
    uploaded as the applicant does: verified like every signed upload (docs/security.md)."""
    signer, chain = demo_chain()
    signed = sign_pades(application_form_pdf(application), signer=signer, chain=chain)
    return document_upload(
        application=application,
        kind=APPLICATION_FORM_KIND,
        uploaded_file=SimpleUploadedFile(
            "domanda-firmata.pdf", signed, content_type="application/pdf"
        ),
        user=user,
    )


def _operation(call: Call, enterprise: Enterprise, user: User, staff: User, n: int):
    """An audit of the demo SME approved, its letter signed, its CUP entered."""
    application = audit_services.audit_application_start(
        call=call, enterprise=enterprise, user=user
    )
    version = lambda: Application.objects.get(pk=application.pk).version  # noqa: E731
    start = timezone.localdate() + dt.timedelta(days=7)
    audit_services.audit_project_update(
        application=application,
        version=version(),
        project_summary=f"Audit Industria 4.0 del reparto {('fusione', 'incastonatura')[n]}",
        planned_start=start,
        planned_end=start + dt.timedelta(days=150),
    )
    audit_services.audit_provider_update(
        application=application,
        version=version(),
        provider_name=PROVIDER[0],
        provider_vat_number=PROVIDER[1],
        provider_requirements="Fornitore qualificato del catalogo, servizio A.1",
    )
    audit_services.audit_costs_replace(
        application=application, version=version(), items=[("Audit Industria 4.0", Decimal(9000))]
    )
    audit_services.audit_de_minimis_replace(
        application=application, version=version(), declared=True, aid=[]
    )
    audit_services.audit_stamp_update(
        application=application,
        version=version(),
        serial=f"99{application.pk:012d}",  # demo serials: 99 and the id
        issued_on=timezone.localdate(),
    )
    _document(application, "quote", user)
    _signed_form(Application.objects.get(pk=application.pk), user)
    application_submit(application=application, by=user, version=version())
    # The eligibility job follows the commit through the outbox; the demo does not wait
    # for a worker (the job skips an application already evaluated).
    application = application_evaluate_eligibility(application_id=application.pk)
    if application.status != Status.ELIGIBLE:
        return None
    application = application_approve(application=application, by=staff)
    _document(application, "signed_letter", user)
    application = agreement_accept(application=application, by=user)
    return services.cup_assign(application=application, cup=DEMO_CUPS[n], by=staff)


def _claim(application: Application, user: User, number: str):
    today = timezone.localdate()
    line = rules.CostLine(
        number,
        today,
        PROVIDER[0],
        PROVIDER[1],
        Decimal("9000.00"),
        Decimal("1980.00"),
        application.cup,
        today,
        f"TRN-{number}",
    )
    documents = [
        _document(application, kind, user)
        for kind in (services.INVOICE, services.PAYMENT_PROOF, services.DELIVERABLE)
    ]
    return services.claim_submit(
        application=application,
        by=user,
        kind="balance",
        lines=[line],
        documents=documents,
        requested=Decimal("9000.00"),
    )


def payments_demo_load() -> str:
    """Idempotent: the demo SME's claims are made once."""
    enterprise = Enterprise.objects.get(vat_number=DEMO_ENTERPRISE["vat_number"])
    if Application.objects.filter(enterprise=enterprise, payment_claims__isnull=False).exists():
        return "already loaded"
    call = Call.objects.get(code=AUDIT_CALL)
    user = User.objects.get(email="sme@demo.trinno.test")
    staff = User.objects.get(email="staff@demo.trinno.test")
    control = User.objects.get(email="control@demo.trinno.test")
    paid_op = _operation(call, enterprise, user, staff, 0)
    waiting_op = _operation(call, enterprise, user, staff, 1)
    if paid_op is None or waiting_op is None:
        return "skipped: the demo SME is not eligible for the audit call today"
    paid = _claim(paid_op, user, "FT-2026-014")
    paid = services.claim_first_level(
        claim=paid, by=staff, decisions={x.pk: (x.proposed, "") for x in paid.lines.all()}
    )
    if paid.second_level == "":
        paid = services.claim_second_level(claim=paid, by=control, approve=True)
    services.durc_record(
        enterprise=enterprise,
        outcome="regular",
        issued_on=timezone.localdate(),
        protocol="INAIL_DEMO_0001",
        by=staff,
    )
    order = services.payment_order_issue(claim=paid, by=staff, iban="IT60X0542811101000000123456")
    services.payment_record(
        order=order,
        by=staff,
        paid_on=timezone.localdate(),
        amount=order.amount,
        reference="CRO-DEMO-0001",
    )
    waiting = _claim(waiting_op, user, "FT-2026-021")
    return (
        f"{paid_op.protocol_number} paid (claim {paid.pk}), "
        f"{waiting_op.protocol_number} waiting for the first-level check (claim {waiting.pk})"
    )
