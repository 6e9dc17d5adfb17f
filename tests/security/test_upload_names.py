"""Non-ASCII file names are kept, safely (lib/files.py: sanitize_filename with
allow_unicode, for documents): no more "Societa_e_piu.pdf" for "Società è più.pdf", and
no right-to-left override or control character survives."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.call import services
from tests.audits.conftest import MINIMAL_PDF, fill_draft
from trinno_portal.funding.documents import document_upload
from trinno_portal.lib.files import sanitize_filename


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Società è più.pdf", "Società_è_più.pdf"),
        ("Ελληνικά.pdf", "Ελληνικά.pdf"),
        ("fattura\u202egpj.pdf", "fatturagpj.pdf"),  # the override that reverses "jpg"
        ("../../Società/visura.pdf", "visura.pdf"),
        ('a"b;c\r\nd.pdf', "a_b_cd.pdf"),
    ],
)
def test_it_keeps_letters_of_any_script_and_nothing_unsafe(name, expected):
    assert sanitize_filename(name, extension=".pdf", allow_unicode=True) == expected


def test_an_uploaded_document_keeps_its_italian_name_and_downloads_safely(
    client, member, audit_call, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    draft = fill_draft(
        services.audit_application_start(
            call=audit_call, enterprise=member.enterprise, user=member.user
        ),
        quote=False,
    )
    document = document_upload(
        application=draft,
        kind="quote",
        uploaded_file=SimpleUploadedFile("Preventivo Società.pdf", MINIMAL_PDF),
        user=member.user,
    )
    assert document.original_name == "Preventivo_Società.pdf"
    client.force_login(member.user)
    response = client.get(reverse("funding:document_download", args=[document.pk]))
    disposition = response["Content-Disposition"]
    assert "filename*=utf-8''Preventivo_Societ%C3%A0.pdf" in disposition
    assert disposition.isascii()
