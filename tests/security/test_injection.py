"""Security 5: names with markup are shown escaped in pages, admin, e-mails and PDF;
values starting with =, +, -, @ are neutralised in CSV and XLSX exports.
Also covered elsewhere: tests/documents/test_email.py::test_it_escapes_html_in_the_html_body,
tests/documents/test_pdf.py::test_it_escapes_html_in_context_values."""

import csv
import io

import openpyxl
import pytest
from pypdf import PdfReader

from trinno_portal.accounts.models import Enterprise
from trinno_portal.funding.models import Application
from trinno_portal.funding.queue.exports import export_bytes, export_frame
from trinno_portal.lib.spreadsheets import neutralise

EVIL = '<script>alert("x")</script><b>Officina</b>'
FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]


@pytest.fixture
def evil_member(member):
    Enterprise.objects.filter(pk=member.enterprise_id).update(legal_name=EVIL)
    member.enterprise.refresh_from_db()
    return member


def test_a_page_shows_markup_in_a_name_as_text(client, evil_member):
    client.force_login(evil_member.user)
    page = client.get(f"/imprese/{evil_member.enterprise_id}/").content.decode()
    assert EVIL not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_admin_shows_markup_in_a_name_as_text(
    client, evil_member, staff_user, audit_call, submit
):
    from audits.call import services

    from ..audits.conftest import fill_draft

    application = fill_draft(
        services.audit_application_start(
            call=audit_call, enterprise=evil_member.enterprise, user=evil_member.user
        )
    )
    submit(application, evil_member.user)
    client.force_login(staff_user)
    for url in (
        "/admin/funding/application/",
        f"/admin/funding/application/{application.pk}/change/",
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(" not in page, url
        assert "&lt;script&gt;" in page, url


def test_the_receipt_pdf_prints_markup_as_text(client, evil_member, audit_call, submit):
    from audits.call import services

    from ..audits.conftest import fill_draft

    application = submit(
        fill_draft(
            services.audit_application_start(
                call=audit_call, enterprise=evil_member.enterprise, user=evil_member.user
            )
        ),
        evil_member.user,
    )
    client.force_login(evil_member.user)
    response = client.get(f"/audit/domanda/{application.pk}/ricevuta.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.getvalue())).pages)
    assert '<script>alert("x")</script>' in text.replace("\n", "")


@pytest.mark.parametrize("value", FORMULAS)
def test_it_neutralises_formulas(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Officina srl") == "Officina srl"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_admin_exports_neutralise_formulas_in_names(db, file_format):
    from tests.factories import ApplicationFactory

    for formula in FORMULAS:
        ApplicationFactory(enterprise__legal_name=formula)
    frame = export_frame(
        Application.objects.order_by("pk"), [("enterprise__legal_name", "Impresa")]
    )
    content = export_bytes(frame, file_format)
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        cells = [row[0] for row in rows[1:]]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = [row[0].value for row in sheet.iter_rows(min_row=2)]
        assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row)
    assert cells == ["'" + f for f in FORMULAS]


def test_it_neutralises_formulas_and_reads_its_own_exports_back():
    from trinno_portal.lib.spreadsheets import neutralise, unneutralise

    for text in ('=HYPERLINK("x")', "+1", "-2", "@SUM(A1)"):
        assert neutralise(text) == "'" + text
        assert unneutralise(neutralise(text)) == text
    assert neutralise("Oreficeria") == "Oreficeria"
    assert unneutralise("'quoted on purpose") == "'quoted on purpose"
