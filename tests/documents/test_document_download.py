"""document_download: the applicant and the back office get the file, nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import ApplicationFactory, MembershipFactory
from trinno_portal.funding.documents import document_upload

from . import samples

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def application(applicant):
    membership = MembershipFactory(user=applicant)
    return ApplicationFactory(enterprise=membership.enterprise, created_by=applicant)


@pytest.fixture
def pdf_document(application, applicant):
    return document_upload(
        application=application,
        kind="quote",
        uploaded_file=SimpleUploadedFile("Preventivo 2026.pdf", samples.pdf_bytes()),
        user=applicant,
    )


@pytest.fixture
def p7m_document(application, applicant):
    return document_upload(
        application=application,
        kind="statement",
        uploaded_file=SimpleUploadedFile("dichiarazione.pdf.p7m", samples.p7m_der_bytes()),
        user=applicant,
    )


def _url(document) -> str:
    return reverse("funding:document_download", args=[document.pk])


def test_it_lives_under_the_italian_prefix():
    assert reverse("funding:document_download", args=[7]) == "/pratiche/documenti/7/scarica/"


def _get(client, user, document):
    if user is not None:
        client.force_login(user)
    return client.get(_url(document))


def test_it_gives_the_owner_the_file_as_an_attachment(client, applicant, pdf_document):
    response = _get(client, applicant, pdf_document)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Preventivo_2026.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_it_serves_a_p7m_as_pkcs7(client, applicant, p7m_document):
    response = _get(client, applicant, p7m_document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkcs7-mime"
    assert response["Content-Disposition"] == 'attachment; filename="dichiarazione.pdf.p7m"'
    assert b"".join(response.streaming_content) == samples.p7m_der_bytes()


def test_it_answers_404_to_another_sme(client, other_applicant, pdf_document):
    MembershipFactory(user=other_applicant)
    assert _get(client, other_applicant, pdf_document).status_code == 404


def test_it_answers_404_for_a_missing_document(client, applicant, pdf_document):
    client.force_login(applicant)
    url = reverse("funding:document_download", args=[pdf_document.pk + 1000])
    assert client.get(url).status_code == 404


def test_it_answers_404_when_the_file_is_gone(client, applicant, pdf_document):
    pdf_document.file.storage.delete(pdf_document.file.name)
    assert _get(client, applicant, pdf_document).status_code == 404


def test_it_sends_anonymous_users_to_the_login_page(client, pdf_document):
    response = _get(client, None, pdf_document)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["staff_user", "official"])
def test_it_gives_the_back_office_the_file(client, request, role, pdf_document):
    user = request.getfixturevalue(role)
    response = _get(client, user, pdf_document)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf_bytes()


def test_it_refuses_staff_flag_without_a_back_office_role(client, roles, pdf_document):
    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    assert _get(client, user, pdf_document).status_code == 404


def test_it_refuses_post(client, applicant, pdf_document):
    client.force_login(applicant)
    assert client.post(_url(pdf_document)).status_code == 405
