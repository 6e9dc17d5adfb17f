"""A visitor browses and searches the public catalogue."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from catalogue.editions.services import catalogue_fixtures_load


@pytest.fixture
def catalogue(portal):
    catalogue_fixtures_load()
    return portal


def test_it_lets_a_visitor_search_and_open_a_digital_service(catalogue, page: Page):
    page.goto(catalogue.url + "/catalogo/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Catalogo dei servizi avanzati e qualificati"
    )
    page.get_by_role("textbox", name="Cerca").fill("sicurezza")
    # Bootstrap Italia draws the box on the label, which is what a visitor clicks.
    page.locator("label[for=id_digital]").click()
    expect(page.get_by_label("Solo servizi digitali")).to_be_checked()
    page.get_by_role("button", name="Cerca").click()
    expect(page).to_have_url(catalogue.url + "/catalogo/?q=sicurezza&area=&size=&digital=1")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("B.5.1")

    page.get_by_role("link", name="Sicurezza informatica").click()
    expect(page).to_have_url(catalogue.url + "/catalogo/edizioni/1/servizi/B.5.1/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sicurezza informatica")
    main = page.locator("main")
    expect(main.locator(".badge", has_text="digitale")).to_be_visible()
    expect(main.locator(".badge", has_text="illustrativo")).to_be_visible()
    expect(page.locator("tr", has_text="Microimpresa")).to_contain_text("50%")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(catalogue.url + "/en/catalogo/edizioni/1/servizi/B.5.1/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cyber security")


def test_it_filters_by_area_and_size_with_a_shareable_url(catalogue, page: Page):
    page.goto(catalogue.url + "/catalogo/?area=C&size=micro")
    expect(page.locator("tbody tr").first).to_contain_text("C.1")
    expect(page.locator("tbody")).not_to_contain_text("Uffici e showroom all'estero")
    expect(
        page.get_by_role("link", name="C · Supporto all'internazionalizzazione")
    ).to_have_attribute("aria-current", "page")


@pytest.mark.parametrize(
    "path",
    [
        "/catalogo/",
        "/catalogo/?q=digitale&size=micro&digital=1",
        "/en/catalogo/edizioni/1/servizi/B.3.1/",
        "/catalogo/edizioni/",
        "/catalogo/differenze/",
    ],
)
def test_it_has_no_serious_accessibility_violation(catalogue, page: Page, path):
    page.goto(catalogue.url + path)
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
