from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def test_it_shows_the_home_page_in_italian_and_switches_to_english(portal, page: Page):
    page.goto(portal.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Innovazione digitale")
    expect(page.get_by_role("heading", name="Audit tecnologico per Industria 4.0")).to_be_visible()

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(portal.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Technological audit for Industry 4.0")).to_be_visible()


def test_it_reaches_the_main_content_through_the_skip_link(portal, page: Page):
    page.goto(portal.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Vai al contenuto principale")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page).to_have_url(portal.url + "/#main-content")


def test_it_logs_in_a_demo_applicant_and_out_again(portal, page: Page, applicant):
    page.goto(portal.url + "/")
    page.get_by_role("link", name="Accedi").click()
    page.get_by_label("Email").fill(applicant.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("button", name="Esci")).to_be_visible()
    expect(page.locator(".portal-account")).to_contain_text("Owner")

    page.get_by_role("button", name="Esci").click()
    expect(page.get_by_role("link", name="Accedi")).to_be_visible()


def test_it_refuses_a_wrong_password_with_a_clear_message(portal, page: Page, applicant):
    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(applicant.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Accedi").click()
    expect(
        page.get_by_text("L'indirizzo email e/o la password che hai usato non sono corretti")
    ).to_be_visible()
    # What the user typed is kept.
    expect(page.get_by_label("Email")).to_have_value(applicant.email)


def test_it_takes_staff_to_the_back_office(portal, page: Page, staff_user):
    page.goto(portal.url + "/admin/")
    page.get_by_label("Indirizzo e-mail").fill(staff_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("heading", name="Back office di Arezzo Innovazione")).to_be_visible()
