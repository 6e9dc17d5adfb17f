"""render_pdf and templates/pdf/base_print.html, read back with pypdf."""

import io
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from trinno_portal.lib.pdf import PDF_BASE_URL, StaticFilesFetcher, render_pdf

TEMPLATES_DIR = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _test_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}
    ]


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _render(language: str = "it", rows: int = 60, name: str = "Rossi & Figli srl") -> bytes:
    with translation.override(language):
        return render_pdf("documents_test/sample.html", {"name": name, "rows": range(rows)})


def test_it_renders_a_pdf_with_header_and_page_numbers():
    pdf = _render()
    assert pdf.startswith(b"%PDF-")
    pages = _pages(pdf)
    assert len(pages) == 3  # a forced page break at row 40, and overflow before it
    for number, text in enumerate(pages, start=1):
        assert "Portale TRINNO · Arezzo Innovazione" in text
        assert f"Pagina {number} di 3" in text
    assert "Relazione di prova" in pages[0]
    assert "Riga 59" in pages[2]


def test_it_translates_the_page_furniture():
    pages = _pages(_render("en", rows=1))
    assert "TRINNO portal · Arezzo Innovazione" in pages[0]
    assert "Page 1 of 1" in pages[0]


def test_it_escapes_html_in_context_values():
    pages = _pages(_render(rows=1, name="<b>Rossi</b> & <script>x()</script>"))
    # The markup is printed as text, not interpreted.
    assert "<b>Rossi</b> & <script>x()</script>" in pages[0]


def test_it_embeds_the_portal_font_from_static_files():
    pdf = _render(rows=1)
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {
        str(font["/BaseFont"])
        for font in (
            reader.pages[0]["/Resources"]["/Font"][key].get_object()
            for key in reader.pages[0]["/Resources"]["/Font"]
        )
    }
    assert any("Titillium" in font for font in fonts), fonts


def test_it_fetches_only_static_files():
    fetcher = StaticFilesFetcher()
    response = fetcher.fetch(PDF_BASE_URL + "static/css/print.css")
    assert b"@page" in response.read()
    response.close()
    for url in (
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        PDF_BASE_URL + "static/../../../etc/passwd",
        PDF_BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        PDF_BASE_URL + "media/documents/1/secret.pdf",
        PDF_BASE_URL + "static/css/missing.css",
    ):
        with pytest.raises(ValueError, match="Only static files"):
            fetcher.fetch(url)


def test_it_does_not_load_images_from_elsewhere(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    # A URL that slipped into a template is refused, and the PDF is still made.
    with translation.override("it"):
        pdf = render_pdf(
            "documents_test/sample.html",
            {"name": "x", "rows": range(1), "extra_css": secret.as_uri()},
        )
    assert "Relazione di prova" in _pages(pdf)[0]
