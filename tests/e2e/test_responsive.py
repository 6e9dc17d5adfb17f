"""Phones, tablets and desktops: every public and applicant page fits the screen (no
sideways scroll), and every entry of the header (the menu, log in, sign up, log out) can
be reached and clicked, with nothing lying over it."""

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from tests.factories import MembershipFactory

WIDTHS = [390, 768, 1280]
PUBLIC = [
    "/",
    "/en/",
    "/catalogo/",
    "/catalogo/edizioni/",
    "/audit/bando/",
    "/audit/simulatore/",
    "/catalogo/bando/",
    "/voucher/corsi/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
]
APPLICANT = [
    "/",
    "/pratiche/",
    "/imprese/",
    "/imprese/nuova/",
    "/audit/",
    "/catalogo/bando/domande/",
    "/voucher/profilo/",
    "/voucher/domande/",
]


def _fits(page: Page, url: str) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{url} scrolls sideways by {overflow} px"


def _menu_entries_clickable(page: Page, url: str) -> None:
    toggler = page.locator(".custom-navbar-toggler")
    links = page.locator("#portal-menu .nav-link")
    count = links.count()
    assert count >= 5, url
    for i in range(count):
        if toggler.is_visible():
            toggler.click()
            expect(links.nth(i)).to_be_visible()
        # trial: Playwright checks that the link is visible, stable, enabled and that
        # nothing else receives the click at its centre, without following it.
        links.nth(i).click(trial=True, timeout=3000)
        if toggler.is_visible():
            page.locator("#portal-menu .close-menu").click()
            expect(links.nth(i)).to_be_hidden()
    for button in page.locator(".portal-account a, .portal-account button").all():
        button.click(trial=True, timeout=3000)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_public_page_fits_and_its_header_works(portal, page: Page, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in PUBLIC:
        page.goto(portal.url + path)
        _fits(page, path)
        _menu_entries_clickable(page, path)
    # The defect this keeps away: a tap on "Accedi" landed on "Audit tecnologico".
    page.goto(portal.url + "/")
    page.get_by_role("banner").get_by_role("link", name="Accedi").click()
    expect(page).to_have_url(portal.url + "/accounts/login/")


@pytest.mark.parametrize(
    "width",
    [
        390,
        768,
        1280,
    ],
)
def test_every_applicant_page_fits_and_its_header_works(portal, page: Page, width):
    membership = MembershipFactory()
    client = Client()
    client.force_login(membership.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": portal.url}]
    )
    page.set_viewport_size({"width": width, "height": 800})
    for path in APPLICANT:
        page.goto(portal.url + path)
        _fits(page, path)
        _menu_entries_clickable(page, path)
    page.goto(portal.url + "/")
    if page.locator(".custom-navbar-toggler").is_visible():
        page.locator(".custom-navbar-toggler").click()
    page.locator("#portal-menu").get_by_role("link", name="Catalogo", exact=True).click()
    expect(page).to_have_url(portal.url + "/catalogo/")
