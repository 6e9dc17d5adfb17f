"""The back office at an officer's desk: the work queue fits a 1,280 px screen, the
application's page opens in sections with its decision buttons always in view, and axe
finds no serious violation on the admin's pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.admin.conftest import eligible  # noqa: F401
from tests.audits.conftest import audit_call, member, submit  # noqa: F401
from tests.conftest import PASSWORD
from trinno_portal.funding.queue.services import application_assign

QUEUE = "/admin/funding/application/"
axe = Axe()


def _admin_login(page: Page, portal, user) -> None:
    page.goto(portal.url + "/admin/")
    page.get_by_label("Indirizzo e-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()


@pytest.fixture
def queue(portal, page: Page, staff_user, eligible):  # noqa: F811
    applications = [eligible() for _ in range(3)]
    # A long officer's name and a long company name: the widest cells the queue meets.
    staff_user.full_name = "Maria Antonietta Bartolomei Lazzeri"
    staff_user.save()
    for application in applications:
        application_assign(application=application, officer=staff_user, by=staff_user)
    _admin_login(page, portal, staff_user)
    return applications


def _scrolls_sideways(page: Page) -> bool:
    # The page, and the box Django puts the queue's table in (it scrolls on its own).
    return page.evaluate(
        """() => document.scrollingElement.scrollWidth > window.innerWidth
        || [...document.querySelectorAll('#changelist .results')]
            .some(box => box.scrollWidth > box.clientWidth)"""
    )


@pytest.mark.parametrize("lang", ["", "/en"])
@pytest.mark.parametrize("width", [1280, 1920])
def test_the_work_queue_fits_the_screen(portal, page: Page, queue, lang, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(portal.url + lang + QUEUE)
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    assert not _scrolls_sideways(page)


def test_the_application_page_keeps_its_decision_buttons_in_view(portal, page: Page, queue):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(portal.url + QUEUE)
    page.get_by_role("link", name=queue[-1].protocol_number).click()
    buttons = page.locator(".transition-buttons")
    expect(buttons.get_by_role("button").first).to_be_visible()
    # The long sections are closed until asked for: the page is a screen or two long.
    assert page.evaluate("document.scrollingElement.scrollHeight") < 4 * 800
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    expect(buttons.get_by_role("button").first).to_be_in_viewport()
    assert not _scrolls_sideways(page)
    # A closed section opens on a click.
    history = page.locator(
        "details", has=page.get_by_role("heading", name="Cronologia degli stati")
    )
    expect(history.locator("table")).not_to_be_visible()
    history.locator("summary").click()
    expect(history.locator("table")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        QUEUE,
        "QUEUE_ROW",
        "/admin/funding/call/",
        "CALL",
        "/en/admin/",
        "/en" + QUEUE,
    ],
)
def test_the_admin_pages_have_no_serious_accessibility_violation(
    portal,
    page: Page,
    queue,
    audit_call,  # noqa: F811
    path,
):
    if path == "QUEUE_ROW":
        path = f"{QUEUE}{queue[0].pk}/change/"
    elif path == "CALL":
        path = f"/admin/funding/call/{audit_call.pk}/change/"
    page.goto(portal.url + path)
    # The closed sections are read too, as an officer opens them.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    results = axe.run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical") or v["id"] == "empty-table-header"
    ]
    assert serious == []
