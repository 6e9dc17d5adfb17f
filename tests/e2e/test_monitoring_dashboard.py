"""A Region official opens the monitoring dashboard, requests the report, waits for it
and downloads the PDF, in Italian."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.monitoring.conftest import dataset, plan  # noqa: F401

axe = Axe()


def _serious_violations(page: Page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_it_lets_an_official_take_the_report_away(portal, page: Page, official, dataset):  # noqa: F811
    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(official.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("button", name="Esci")).to_be_visible()

    page.goto(portal.url + "/monitoraggio/?start=2025-01-01&end=2025-12-31")
    expect(
        page.get_by_role("heading", name="Monitoraggio del piano d'azione", exact=True)
    ).to_be_visible()
    indicators = page.get_by_role("table", name="Gli otto indicatori")
    expect(indicators.get_by_role("row").filter(has_text="I4")).to_contain_text("43.235,06 EUR")
    assert _serious_violations(page) == []

    reports = page.locator("#reports")
    reports.get_by_label("Lingua del rapporto").select_option("it")
    reports.get_by_role("button", name="Richiedi il rapporto").click()

    expect(page.get_by_role("heading", name="Rapporto di monitoraggio")).to_be_visible()
    link = page.get_by_role("link", name="Rapporto (PDF)")
    expect(link).to_be_visible(timeout=60_000)
    expect(page.locator("#report-state")).to_have_text("Pronto")
    assert _serious_violations(page) == []

    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert info.value.suggested_filename.endswith(".pdf")


def test_it_shows_the_progress_of_a_report_built_by_a_worker(portal, page: Page, official, plan):  # noqa: F811
    from monitoring import services
    from tests.monitoring.conftest import END, START

    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(official.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("button", name="Esci")).to_be_visible()

    report = services.report_request(by=official, start=START, end=END, language="it", queue=False)
    page.goto(f"{portal.url}/monitoraggio/rapporti/{report.pk}/")
    expect(page.locator("#report-state")).to_have_text("In coda")
    expect(
        page.get_by_role("link", name="Aggiorna la pagina per vedere l'avanzamento")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Rapporto (PDF)")).to_be_hidden()

    services.report_build(report_id=report.pk)  # as a Celery worker would

    # The page polls the status endpoint and offers the download without a reload.
    expect(page.get_by_role("link", name="Rapporto (PDF)")).to_be_visible(timeout=30_000)
    expect(page.locator("#report-state")).to_have_text("Pronto")
    expect(
        page.get_by_role("link", name="Aggiorna la pagina per vedere l'avanzamento")
    ).to_be_hidden()
