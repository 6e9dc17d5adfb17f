from django.utils import translation
from playwright.sync_api import Page, expect

from tests.admin.conftest import eligible  # noqa: F401
from tests.audits.conftest import audit_call, member, submit  # noqa: F401
from tests.conftest import PASSWORD
from trinno_portal.funding.models import Call
from trinno_portal.funding.workflow import Status


def test_it_approves_an_application_from_the_admin_and_the_budget_drops(
    portal,
    page: Page,
    staff_user,
    eligible,  # noqa: F811
):
    application = eligible()
    with translation.override("it"):
        approved = str(Status.APPROVED.label)

    page.goto(portal.url + "/admin/")
    page.get_by_label("Indirizzo e-mail").fill(staff_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()

    page.goto(portal.url + "/admin/funding/application/")
    page.get_by_role("link", name=application.protocol_number).click()
    budget = page.locator(".field-budget_panel")
    call_row = budget.get_by_role("row").filter(has_text=application.call.title)
    expect(call_row).to_contain_text("1.500.000,00 EUR")
    expect(call_row).to_contain_text("1.495.500,00 EUR")  # after approval

    page.get_by_role("button", name="Approva", exact=True).click()
    # The confirmation first: the grant and the budget after it, nothing moved yet.
    effect = page.locator(".money-effect")
    expect(effect.locator(".money-after")).to_contain_text("4.500,00 EUR")
    expect(effect).to_contain_text("1.495.500,00 EUR")
    assert Call.objects.get(pk=application.call_id).committed == 0
    page.get_by_role("button", name="Conferma: Approva").click()

    expect(page.locator(".messagelist")).to_contain_text(application.protocol_number)
    expect(page.locator(".field-status")).to_contain_text(approved)
    expect(call_row).to_contain_text("1.495.500,00 EUR")
    expect(call_row).not_to_contain_text("1.500.000,00 EUR")
    expect(page.get_by_role("button", name="Approva", exact=True)).to_have_count(0)
    assert Call.objects.get(pk=application.call_id).committed == application.grant_amount
