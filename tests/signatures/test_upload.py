"""A document the call requires signed is verified at upload: refused with the failed
check named, or stored with its verification report."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.audits.conftest import fill_draft
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.signatures.pki import LEGAL_REP_CF, NOW, blank_pdf
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.documents import document_upload
from trinno_portal.funding.models import Document
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.signatures_pki import sign_cades, sign_pades
from trinno_portal.signatures.models import SignatureVerification, TrustSource
from trinno_portal.signatures.selectors import allowed_signer_tax_codes
from trinno_portal.signatures.services import revocation_list_add, trusted_certificate_add

pytestmark = pytest.mark.django_db


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
def approved(audit_call, submit, trust_store):
    member = MembershipFactory()
    PersonFactory(user=member.user, tax_code=LEGAL_REP_CF)
    from audits.call import services

    application = services.audit_application_start(
        call=audit_call, enterprise=member.enterprise, user=member.user
    )
    application = submit(fill_draft(application), member.user)
    assert application.status == Status.ELIGIBLE
    application_approve(application=application, by=UserFactory(is_staff=True))
    application.refresh_from_db()
    return application


def _upload(application, data, name="letter.pdf"):
    return document_upload(
        application=application,
        kind="signed_letter",
        uploaded_file=SimpleUploadedFile(name, data),
        user=application.created_by,
        allowed_statuses=[Status.APPROVED],
    )


def test_it_stores_a_valid_signature_with_its_report(pki, approved):
    document = _upload(approved, sign_pades(blank_pdf(), signer=pki.signer, chain=pki.chain))
    verification = document.signature_verification
    assert verification.valid and verification.revocation_checked
    assert verification.signer_tax_code == LEGAL_REP_CF
    assert verification.issuer == "Test Qualified CA"
    assert verification.trust_list_date == NOW.date()
    assert {c["check"] for c in verification.report["signatures"][0]["checks"]} >= {
        "integrity",
        "chain",
        "revocation",
        "qualified",
        "non_repudiation",
    }


def test_it_refuses_the_unsigned_letter_and_stores_nothing(approved):
    with pytest.raises(ValidationError) as refused:
        _upload(approved, blank_pdf())
    assert "non ha una firma digitale" in " ".join(refused.value.messages)
    letters = Document.objects.filter(application=approved, kind="signed_letter")
    assert not letters.exists()
    assert not SignatureVerification.objects.filter(document__kind="signed_letter").exists()


def test_it_refuses_a_signer_who_is_not_the_legal_representative(pki, approved):
    with pytest.raises(ValidationError) as refused:
        _upload(
            approved,
            sign_cades(blank_pdf(), signer=pki.other_person, chain=pki.chain),
            name="letter.pdf.p7m",
        )
    assert "legale rappresentante" in " ".join(refused.value.messages)


def test_it_names_the_revocation_when_the_certificate_is_revoked(pki, approved):
    with pytest.raises(ValidationError) as refused:
        _upload(approved, sign_pades(blank_pdf(), signer=pki.revoked, chain=pki.chain))
    assert "revocato" in " ".join(refused.value.messages)


def test_it_refuses_when_revocation_cannot_be_checked(pki, approved):
    from trinno_portal.signatures.models import RevocationList

    RevocationList.objects.all().delete()
    with pytest.raises(ValidationError) as refused:
        _upload(approved, sign_pades(blank_pdf(), signer=pki.signer, chain=pki.chain))
    assert "revoca" in " ".join(refused.value.messages)


def test_a_kind_the_call_does_not_require_signed_is_not_verified(approved):
    document = document_upload(
        application=approved,
        kind="other",
        uploaded_file=SimpleUploadedFile("x.pdf", blank_pdf()),
        user=approved.created_by,
        allowed_statuses=[Status.APPROVED],
    )
    assert not SignatureVerification.objects.filter(document=document).exists()


def test_the_letter_page_refuses_the_unsigned_letter_and_starts_on_the_signed_one(
    client, pki, approved
):
    client.force_login(approved.created_by)
    url = reverse("audits:application_sign_letter", args=[approved.pk])
    response = client.post(
        url,
        {"kind": "signed_letter", "file": SimpleUploadedFile("l.pdf", blank_pdf())},
        follow=True,
    )
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
    assert "non ha una firma digitale" in response.content.decode()

    signed = sign_pades(blank_pdf(), signer=pki.signer, chain=pki.chain)
    client.post(url, {"kind": "signed_letter", "file": SimpleUploadedFile("l.pdf", signed)})
    approved.refresh_from_db()
    assert approved.status == Status.IN_PROGRESS


def test_delegates_sign_only_where_the_call_allows(approved):
    from trinno_portal.accounts.models import MemberRole

    delegate = MembershipFactory(enterprise=approved.enterprise, role=MemberRole.DELEGATE)
    PersonFactory(user=delegate.user)
    codes = allowed_signer_tax_codes(enterprise=approved.enterprise, delegates=False)
    assert codes == {LEGAL_REP_CF}
    with_delegates = allowed_signer_tax_codes(enterprise=approved.enterprise, delegates=True)
    assert len(with_delegates) == 2


def test_the_report_is_shown_to_the_applicant_and_to_staff(client, pki, approved):
    document = _upload(approved, sign_pades(blank_pdf(), signer=pki.signer, chain=pki.chain))
    client.force_login(approved.created_by)
    page = client.get(reverse("audits:application_detail", args=[approved.pk])).content.decode()
    assert "Firma verificata" in page and LEGAL_REP_CF in page
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    admin_page = client.get(
        reverse("admin:funding_application_change", args=[approved.pk])
    ).content.decode()
    assert LEGAL_REP_CF in admin_page
    report_page = client.get(
        reverse(
            "admin:signatures_signatureverification_change",
            args=[document.signature_verification.pk],
        )
    ).content.decode()
    assert "non_repudiation" in report_page and "passed" in report_page
