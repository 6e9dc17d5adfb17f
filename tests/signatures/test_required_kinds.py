"""Where a signature is required is the call's data (rules.signatures), for every kind:
the application form, the letter or agreement, the final report; and, by the portal's
setting, a delegate's delegation. Each goes through the same verification."""

import json
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.call import services as audit_services
from tests.audits.conftest import fill_draft
from tests.catalogue_call.conftest import catalogue_call  # noqa: F401
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.signatures.pki import LEGAL_REP_CF, NOW, OTHER_CF, blank_pdf
from trinno_portal.accounts.models import Invitation, MemberRole
from trinno_portal.accounts.services import membership_invite
from trinno_portal.funding.aftercare import services as aftercare_services
from trinno_portal.funding.aftercare.rules import PaidInvoice
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.documents import document_upload
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.signatures_pki import sign_cades, sign_pades
from trinno_portal.signatures.final_report import FINAL_REPORT_KIND
from trinno_portal.signatures.models import SignedDelegation, TrustSource
from trinno_portal.signatures.services import revocation_list_add, trusted_certificate_add

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
KINDS = {
    "audit": {"application_form", "signed_letter", "final_report"},
    "catalogue": {"application_form", "signed_agreement", "final_report"},
}


@pytest.mark.parametrize("scheme", sorted(KINDS))
def test_the_call_fixtures_name_every_signed_kind_and_who_may_sign(scheme):
    (call,) = json.loads((FIXTURES / f"calls_{scheme}.json").read_text())["calls"]
    signatures = call["rules"]["signatures"]
    assert set(signatures) == KINDS[scheme]
    # Declarations in lieu of affidavit bind the legal representative: no delegate signs.
    assert all(entry["delegates_allowed"] is False for entry in signatures.values())


@pytest.fixture(autouse=True)
def _at_now():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def trust_store(pki):
    trusted_certificate_add(der=pki.root.cert_der, source=TrustSource.MANUAL, now=NOW)
    revocation_list_add(der=pki.crl)
    revocation_list_add(der=pki.root_crl)


@pytest.fixture
def legal_rep():
    member = MembershipFactory()
    PersonFactory(user=member.user, tax_code=LEGAL_REP_CF)
    return member


@pytest.fixture
def in_progress(audit_call, submit, trust_store, legal_rep):
    application = audit_services.audit_application_start(
        call=audit_call, enterprise=legal_rep.enterprise, user=legal_rep.user
    )
    application = submit(fill_draft(application), legal_rep.user)
    application_approve(application=application, by=UserFactory(is_staff=True))
    application.documents.create(
        kind="signed_letter",
        file=SimpleUploadedFile("l.pdf", blank_pdf()),
        original_name="l.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=legal_rep.user,
    )
    aftercare_services.agreement_accept(application=application, by=legal_rep.user)
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    return application


def _report(application, data, name="relazione.pdf"):
    return document_upload(
        application=application,
        kind=FINAL_REPORT_KIND,
        uploaded_file=SimpleUploadedFile(name, data),
        user=application.created_by,
        allowed_statuses=[Status.IN_PROGRESS],
    )


def _file_report(application):
    return aftercare_services.final_report_submit(
        application=application,
        by=application.created_by,
        summary="Done",
        results="Good",
        invoices=[PaidInvoice("1/2026", NOW.date(), "DIH", 6000, NOW.date())],
    )


def test_an_unsigned_final_report_is_refused_naming_the_check(in_progress):
    with pytest.raises(ValidationError) as refused:
        _report(in_progress, blank_pdf("Relazione finale"))
    assert "non ha una firma digitale" in " ".join(refused.value.messages)
    assert not in_progress.documents.filter(kind=FINAL_REPORT_KIND).exists()
    with pytest.raises(FundingError, match="relazione finale firmata"):
        _file_report(in_progress)


def test_a_final_report_signed_by_another_person_is_refused(pki, in_progress):
    signed = sign_pades(blank_pdf(), signer=pki.other_person, chain=pki.chain)
    with pytest.raises(ValidationError) as refused:
        _report(in_progress, signed)
    assert "legale rappresentante" in " ".join(refused.value.messages)


def test_the_signed_final_report_is_kept_with_its_report_and_lets_the_report_be_filed(
    pki, in_progress
):
    document = _report(in_progress, sign_cades(blank_pdf(), signer=pki.signer, chain=pki.chain))
    assert document.signature_verification.signer_tax_code == LEGAL_REP_CF
    assert _file_report(in_progress).status == Status.FINAL_REPORT


def test_the_final_report_page_offers_the_signed_report_only_where_the_call_asks(
    client, audit_call, in_progress
):
    client.force_login(in_progress.created_by)
    url = reverse("audits:application_final_report", args=[in_progress.pk])
    assert 'value="final_report"' in client.get(url).content.decode()
    audit_call.rules["signatures"].pop("final_report")
    audit_call.save(update_fields=["rules"])
    assert 'value="final_report"' not in client.get(url).content.decode()


# --- The delegation ---------------------------------------------------------------------


def _invite(legal_rep, upload=None):
    return membership_invite(
        enterprise=legal_rep.enterprise,
        email="delegato@example.it",
        invited_by=legal_rep.user,
        site_url="https://portal.example",
        signed_delegation=upload,
    )


def test_without_the_setting_the_invitation_is_the_delegation(settings, legal_rep):
    settings.SIGNATURE_DELEGATION_REQUIRED = False
    _invite(legal_rep)
    assert Invitation.objects.count() == 1
    assert not SignedDelegation.objects.exists()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda pki: None, "Caricate la delega firmata"),
        (lambda pki: blank_pdf("Delega"), "non ha una firma digitale"),
        (
            lambda pki: sign_pades(blank_pdf(), signer=pki.other_person, chain=pki.chain),
            "legale rappresentante",
        ),
        (
            lambda pki: sign_pades(blank_pdf(), signer=pki.revoked, chain=pki.chain),
            "revocato",
        ),
    ],
    ids=["missing", "unsigned", "not_the_legal_representative", "revoked"],
)
def test_a_delegation_that_fails_is_refused_and_nothing_is_sent(
    settings, pki, trust_store, legal_rep, make, message
):
    settings.SIGNATURE_DELEGATION_REQUIRED = True
    data = make(pki)
    upload = None if data is None else SimpleUploadedFile("delega.pdf", data)
    with pytest.raises(ValidationError) as refused:
        _invite(legal_rep, upload)
    assert message in " ".join(refused.value.message_dict["delegation"])
    assert not Invitation.objects.exists() and not SignedDelegation.objects.exists()
    assert not mail.outbox


def test_the_delegation_signed_by_the_legal_representative_is_kept_with_the_invitation(
    settings, pki, trust_store, legal_rep
):
    settings.SIGNATURE_DELEGATION_REQUIRED = True
    signed = sign_pades(blank_pdf("Delega"), signer=pki.signer, chain=pki.chain)
    _invite(legal_rep, SimpleUploadedFile("delega.pdf", signed))
    delegation = Invitation.objects.get().signed_delegation
    assert delegation.signer_tax_code == LEGAL_REP_CF
    assert delegation.report["valid"] is True
    assert delegation.file.read() == signed
    assert len(mail.outbox) == 1


def test_a_delegate_cannot_sign_a_delegation(settings, pki, trust_store, legal_rep):
    settings.SIGNATURE_DELEGATION_REQUIRED = True
    delegate = MembershipFactory(enterprise=legal_rep.enterprise, role=MemberRole.DELEGATE)
    PersonFactory(user=delegate.user, tax_code=OTHER_CF)
    signed = sign_pades(blank_pdf("Delega"), signer=pki.other_person, chain=pki.chain)
    with pytest.raises(ValidationError):
        _invite(legal_rep, SimpleUploadedFile("delega.pdf", signed))


def test_the_invitation_page_asks_for_the_signed_delegation_and_keeps_the_address(
    client, settings, pki, trust_store, legal_rep
):
    settings.SIGNATURE_DELEGATION_REQUIRED = True
    client.force_login(legal_rep.user)
    url = reverse("accounts:membership_invite", args=[legal_rep.enterprise.pk])
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="delegation"' in page
    response = client.post(
        url,
        {
            "email": "delegato@example.it",
            "delegation": SimpleUploadedFile("delega.pdf", blank_pdf("Delega")),
        },
    )
    page = response.content.decode()
    assert "non ha una firma digitale" in page
    assert 'value="delegato@example.it"' in page
    assert not Invitation.objects.exists()


def test_the_innovation_services_form_lists_the_services_requested(catalogue_call):  # noqa: F811
    import io

    from pypdf import PdfReader

    from tests.catalogue_call.conftest import fill_draft as fill_catalogue
    from tests.catalogue_call.conftest import start
    from trinno_portal.signatures.application_form import application_form_pdf

    member = MembershipFactory(enterprise__ateco_code="32.12.10")
    draft = fill_catalogue(start(catalogue_call, member))
    pdf = PdfReader(io.BytesIO(application_form_pdf(draft)))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "B.2.4" in text and "A.2" in text and "00743110157" in text


# --- The final report to sign, made by the portal ---------------------------------------


def _typed_report(**extra) -> dict:
    day = NOW.date().isoformat()
    return {
        "summary": "Audit delle linee di produzione",
        "results": "Piano di digitalizzazione in tre fasi",
        "inv-TOTAL_FORMS": "2",
        "inv-INITIAL_FORMS": "0",
        "inv-MIN_NUM_FORMS": "0",
        "inv-MAX_NUM_FORMS": "30",
        "inv-0-number": "FT-17/2026",
        "inv-0-issued_on": day,
        "inv-0-supplier": "DIH Toscana",
        "inv-0-amount": "6000",
        "inv-0-paid_on": day,
        **extra,
    }


def _pdf_text(data: bytes) -> tuple[str, str]:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), str(reader.metadata.get("/Keywords", ""))


def test_the_final_report_page_offers_the_report_to_sign_only_where_the_call_asks(
    client, audit_call, in_progress
):
    client.force_login(in_progress.created_by)
    url = reverse("audits:application_final_report", args=[in_progress.pk])
    pdf_url = reverse("signatures:final_report_pdf", args=[in_progress.pk])
    assert f'formaction="{pdf_url}"' in client.get(url).content.decode()
    audit_call.rules["signatures"].pop("final_report")
    audit_call.save(update_fields=["rules"])
    assert pdf_url not in client.get(url).content.decode()
    # Where the call does not ask for it, the address sends back to the application.
    assert client.post(pdf_url, _typed_report()).status_code == 302


def test_the_report_to_sign_is_what_was_typed_and_once_signed_lets_the_report_be_filed(
    client, pki, in_progress
):
    client.force_login(in_progress.created_by)
    response = client.post(
        reverse("signatures:final_report_pdf", args=[in_progress.pk]),
        # A second invoice with an error is left out, and the PDF says so.
        _typed_report(**{"inv-1-number": "X", "inv-1-amount": "abc"}),
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = response.content
    text, keywords = _pdf_text(pdf)
    assert in_progress.protocol_number in text
    assert "Audit delle linee di produzione" in text and "DIH Toscana" in text
    assert "FT-17/2026" in text and "6.000,00" in text
    assert "Fatture scritte nella pagina con un errore, non incluse in questa relazione: 1" in text
    assert keywords.startswith(f"trinno-final-report:{in_progress.pk}:")
    # Nothing was filed: the report is still the page's.
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS
    document = _report(in_progress, sign_pades(pdf, signer=pki.signer, chain=pki.chain))
    assert document.signature_verification.valid
    assert _file_report(in_progress).status == Status.FINAL_REPORT


def test_the_report_to_sign_is_the_applicants_only(client, in_progress):
    client.force_login(MembershipFactory().user)
    url = reverse("signatures:final_report_pdf", args=[in_progress.pk])
    assert client.post(url, _typed_report()).status_code == 404
    client.force_login(in_progress.created_by)
    assert client.get(url).status_code == 405
