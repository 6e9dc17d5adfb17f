"""A visitor reads the grants awarded, opens one, and downloads the open data."""

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import ApplicationFactory, EnterpriseFactory
from trinno_portal.funding.workflow import Status


@pytest.fixture
def grant(portal):
    return ApplicationFactory(
        status=Status.APPROVED,
        approved_at=timezone.now(),
        grant_amount=Decimal("4500.00"),
        enterprise=EnterpriseFactory(legal_name="Oreficeria Aretina srl"),
        call__title="Bando audit",
        call__title_en="Audit call",
    )


def test_a_visitor_reads_a_grant_and_downloads_the_open_data(portal, grant, page: Page):
    page.goto(portal.url + "/trasparenza/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contributi concessi (trasparenza)")
    row = page.locator("tbody tr", has_text="Oreficeria Aretina srl")
    expect(row).to_contain_text(grant.enterprise.tax_code)
    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: PTH123 (utf-8-sig: the byte-order mark for Excel)
    assert text.startswith("# CC BY 4.0") and "Oreficeria Aretina srl" in text

    row.get_by_role("link", name="Bando audit").click()
    expect(page).to_have_url(portal.url + f"/trasparenza/{grant.pk}/")
    expect(page.locator("main")).to_contain_text("4500")
    page.goto(portal.url + "/en/trasparenza/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grants awarded (transparency)")
