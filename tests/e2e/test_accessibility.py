"""axe-core scans: no serious or critical violation on the public entry pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

axe = Axe()


@pytest.mark.parametrize(
    "path",
    ["/", "/en/", "/accounts/login/", "/accounts/signup/", "/en/accounts/signup/"],
)
def test_it_has_no_serious_accessibility_violation(portal, page: Page, path):
    page.goto(portal.url + path)
    results = axe.run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
