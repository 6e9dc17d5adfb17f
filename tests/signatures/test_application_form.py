"""The application form the legal representative signs before submitting, where the
call requires it (rules.signatures.application_form)."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.call import services
from tests.audits.conftest import fill_draft
from tests.factories import MembershipFactory, PersonFactory
from tests.signatures.pki import LEGAL_REP_CF, NOW, blank_pdf
from trinno_portal.funding.documents import document_upload
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.signatures_pki import sign_pades
from trinno_portal.signatures.application_form import (
    application_form_reference,
    form_reference_of,
)
from trinno_portal.signatures.models import TrustSource
from trinno_portal.signatures.services import revocation_list_add, trusted_certificate_add

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _at_now():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def draft(audit_call, pki):
    trusted_certificate_add(der=pki.root.cert_der, source=TrustSource.MANUAL, now=NOW)
    revocation_list_add(der=pki.crl)
    revocation_list_add(der=pki.root_crl)
    member = MembershipFactory()
    PersonFactory(user=member.user, tax_code=LEGAL_REP_CF)
    application = services.audit_application_start(
        call=audit_call, enterprise=member.enterprise, user=member.user
    )
    return fill_draft(application, signed_form=False)


def _form(client, application) -> bytes:
    client.force_login(application.created_by)
    response = client.get(reverse("signatures:application_form", args=[application.pk]))
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _upload(application, data):
    return document_upload(
        application=application,
        kind="application_form",
        uploaded_file=SimpleUploadedFile("domanda.pdf", data),
        user=application.created_by,
    )


def _submit(application):
    application.refresh_from_db()
    return application_submit(
        application=application, by=application.created_by, version=application.version
    )


def test_the_form_carries_the_data_the_declarations_and_the_draft_version(client, draft):
    pdf = _form(client, draft)
    assert form_reference_of(pdf) == application_form_reference(draft)
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert draft.enterprise.vat_number in text
    assert "445/2000" in text and "de minimis" in text and f"{draft.pk:014d}" in text


def test_submission_waits_for_the_signed_form_then_goes_through(client, pki, draft):
    with pytest.raises(FundingError, match="modulo di domanda"):
        _submit(draft)
    signed = sign_pades(_form(client, draft), signer=pki.signer, chain=pki.chain)
    document = _upload(draft, signed)
    assert document.signature_verification.signed_reference == application_form_reference(draft)
    assert _submit(draft).status == Status.SUBMITTED


def test_a_change_after_signing_asks_for_a_new_signature(client, pki, draft):
    _upload(draft, sign_pades(_form(client, draft), signer=pki.signer, chain=pki.chain))
    draft.refresh_from_db()
    services.audit_stamp_update(
        application=draft, version=draft.version, serial="99999999999999", issued_on=NOW.date()
    )
    with pytest.raises(FundingError, match="modificata dopo la firma"):
        _submit(draft)


def test_it_refuses_a_signed_pdf_that_is_not_this_form(pki, draft):
    with pytest.raises(ValidationError, match="non è il modulo"):
        _upload(draft, sign_pades(blank_pdf(), signer=pki.signer, chain=pki.chain))


def test_it_refuses_the_form_unsigned(client, draft):
    with pytest.raises(ValidationError, match="non ha una firma digitale"):
        _upload(draft, _form(client, draft))
