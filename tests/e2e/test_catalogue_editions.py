"""Staff draft, change and publish an edition; the differences page shows the change;
a malformed import file is refused with a clear message."""

import pytest
from playwright.sync_api import Page, expect

from catalogue.editions.models import Edition, Service
from catalogue.editions.services import catalogue_fixtures_load
from tests.conftest import PASSWORD


@pytest.fixture
def staff_page(portal, page: Page, staff_user) -> Page:
    catalogue_fixtures_load()
    page.goto(portal.url + "/admin/")
    page.get_by_label("Indirizzo e-mail").fill(staff_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.goto(portal.url + "/admin/catalogue/edition/")
    return page


def test_it_publishes_a_changed_edition_and_shows_exactly_that_change(staff_page: Page):
    page = staff_page
    page.get_by_role(
        "link", name="Catalogo dei servizi avanzati e qualificati per le imprese toscane"
    ).click()
    page.get_by_role("link", name="Crea una nuova edizione da questa").click()
    page.get_by_label("Titolo (italiano)").fill("Catalogo 2020")
    page.get_by_role("button", name="Crea la bozza").click()
    expect(page.locator(".messagelist")).to_contain_text("Creata la bozza dell'edizione 3")

    page.get_by_role("link", name="Servizi di questa edizione").click()
    page.get_by_role("link", name="C.2", exact=True).click()
    page.get_by_label("Intensità di aiuto, micro (%)").fill("55")
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("è stato modificato con successo")

    page.goto(page.url.split("/admin/")[0] + "/admin/catalogue/edition/")
    page.get_by_role("link", name="Catalogo 2020").click()
    page.get_by_role("link", name="Pubblica", exact=True).click()
    page.get_by_label("Numero dell'atto").fill("2001")
    page.get_by_label("Data dell'atto").fill("2019-12-02")
    page.get_by_label("Valida dal").fill("2020-01-01")
    page.get_by_role("button", name="Pubblica l'edizione").click()
    expect(page.locator(".messagelist")).to_contain_text("L'edizione 3 è pubblicata.")

    page.get_by_role("link", name="Differenze dall'edizione 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Differenze tra edizioni")
    expect(page.get_by_role("heading", name="Servizi aggiunti (0)")).to_be_visible()
    expect(page.get_by_role("heading", name="Servizi eliminati (0)")).to_be_visible()
    expect(page.get_by_role("heading", name="Servizi modificati (1)")).to_be_visible()
    changes = page.locator(".diff-change")
    expect(changes).to_have_count(1)
    expect(changes.get_by_role("heading")).to_have_text(
        "C.2 Partecipazione a fiere e saloni internazionali"
    )
    rows = changes.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Intensità di aiuto, micro (%)")
    expect(rows.first.locator("del")).to_have_text("50,00 %")
    expect(rows.first.locator("ins")).to_have_text("55,00 %")

    # The public catalogue opens on the new edition once it is in force.
    assert Edition.objects.get(number=3).state == "published"


def test_it_refuses_a_malformed_import_file_and_saves_nothing(staff_page: Page):
    page = staff_page
    editions, services = Edition.objects.count(), Service.objects.count()
    page.get_by_role("link", name="Importa un'edizione").click()
    page.get_by_label("File XLSX o CSV").set_input_files(
        files=[
            {
                "name": "catalogo.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": b"PK\x03\x04 rotto",
            }
        ]
    )
    page.get_by_label("Titolo (italiano)").fill("Catalogo importato")
    page.get_by_label("Titolo (inglese)").fill("Imported catalogue")
    page.get_by_role("button", name="Controlla il file").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Il file non è stato importato: non è stato salvato nulla.")
    expect(alert).to_contain_text("Impossibile leggere il file")
    expect(page.get_by_label("Titolo (italiano)")).to_have_value("Catalogo importato")

    bad_rows = (
        b"code,name,name_en,min_cost,max_cost,intensity_micro,intensity_small,intensity_medium\n"
        b"A.1,Audit,Audit,20000,5000,60,50,40\n"
    )
    page.get_by_label("File XLSX o CSV").set_input_files(
        files=[{"name": "catalogo.csv", "mimeType": "text/csv", "buffer": bad_rows}]
    )
    page.get_by_role("button", name="Controlla il file").click()
    expect(page.locator("#import-preview")).to_contain_text(
        "Il costo minimo 20000.00 è maggiore del costo massimo 5000.00."
    )
    expect(page.get_by_role("button", name="Conferma l'importazione")).to_have_count(0)
    assert (Edition.objects.count(), Service.objects.count()) == (editions, services)
