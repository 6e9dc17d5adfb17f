"""The officer's day in the back office, in Italian: filter the queue, take ten
applications, ask for information, read the answer, approve; and a bulk approval that
runs out of budget."""

from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from tests.admin.conftest import eligible  # noqa: F401
from tests.audits.conftest import audit_call, member, submit  # noqa: F401
from tests.conftest import PASSWORD
from trinno_portal.funding.models import Application, Call, Envelope
from trinno_portal.funding.workflow import Status

QUEUE = "/admin/funding/application/"


def _admin_login(page: Page, portal, user) -> None:
    page.goto(portal.url + "/admin/")
    page.get_by_label("Indirizzo e-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()


def test_it_takes_ten_applications_asks_for_information_and_approves_the_answered_one(
    portal,
    page: Page,
    browser: Browser,
    staff_user,
    eligible,  # noqa: F811
):
    applications = [eligible() for _ in range(11)]
    target = applications[-1]  # the newest: first in the queue
    applicant = target.enterprise.memberships.get().user
    # An applicant who confirmed their address at sign-up, as every real one did.
    EmailAddress.objects.create(user=applicant, email=applicant.email, verified=True, primary=True)
    _admin_login(page, portal, staff_user)

    # Filter the queue: eligible applications of the province of Arezzo.
    page.goto(portal.url + QUEUE)
    filters = page.locator("#changelist-filter")
    filters.get_by_role("link", name="Ammissibile", exact=True).click()
    filters.get_by_role("link", name="AR", exact=True).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(11)

    # Take the first ten in one action.
    checkboxes = page.locator("#result_list tbody input.action-select")
    for i in range(10):
        checkboxes.nth(i).check()
    page.locator("select[name=action]").select_option(label="Assegna a me")
    page.get_by_role("button", name="Vai").click()
    expect(page.locator(".messagelist .success")).to_have_count(10)
    page.get_by_role("link", name="La mia coda").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(10)
    assert Application.objects.filter(assigned_to=staff_user).count() == 10

    # Ask the applicant for information on one of them.
    page.get_by_role("link", name=target.protocol_number).click()
    expect(page.locator(".field-applicant_profile")).to_contain_text(target.enterprise.vat_number)
    page.get_by_role("button", name="Richiedi integrazioni…").click()
    page.locator("textarea[name=reason]").fill("Inviate il preventivo firmato dal fornitore.")
    page.locator("input[type=submit].default").click()
    expect(page.locator(".messagelist")).to_contain_text(target.protocol_number)
    target.refresh_from_db()
    assert target.status == Status.INFO_REQUESTED and target.due_on is not None
    assert any(target.protocol_number in m.subject for m in mail.outbox)

    # The applicant reads the request on their page and answers.
    context = browser.new_context()
    sme = context.new_page()
    sme.goto(portal.url + "/accounts/login/")
    sme.get_by_label("Email").fill(applicant.email)
    sme.get_by_label("Password").fill(PASSWORD)
    sme.get_by_role("button", name="Accedi").click()
    sme.goto(portal.url + f"/audit/domanda/{target.pk}/")
    expect(sme.locator("blockquote")).to_have_text("Inviate il preventivo firmato dal fornitore.")
    sme.locator("textarea[name=text]").fill("Preventivo firmato in allegato.")
    sme.locator("form[action$='/risposta/'] button[type=submit]").click()
    context.close()
    target.refresh_from_db()
    assert target.status == Status.UNDER_ASSESSMENT

    # Back in her queue, she approves it: the call's available budget drops by the grant.
    page.goto(portal.url + QUEUE + "mine/")
    row = page.locator("#result_list tbody tr").filter(has_text=target.protocol_number)
    expect(row).to_contain_text("In istruttoria")
    row.get_by_role("link", name=target.protocol_number).click()
    expect(page.locator(".field-status_changes, .inline-group").first).to_be_visible()
    page.get_by_role("button", name="Approva", exact=True).click()
    page.get_by_role("button", name="Conferma: Approva").click()
    expect(page.locator(".messagelist .success")).to_contain_text(target.protocol_number)
    call = Call.objects.get(pk=target.call_id)
    assert call.available == Decimal("1500000.00") - target.grant_amount
    budget = page.locator(".field-budget_panel")
    expect(budget.get_by_role("row").filter(has_text=call.title)).to_contain_text(
        "1.495.500,00 EUR"
    )


def test_it_approves_what_fits_in_the_budget_and_names_what_it_skipped(
    portal,
    page: Page,
    staff_user,
    eligible,  # noqa: F811
):
    first, second, third = eligible(), eligible(), eligible()
    # 6,000 EUR left in the envelope: one grant of 4,500 fits, not two.
    Envelope.objects.filter(call=first.call, code="manufacturing").update(
        committed=Decimal("1344000.00")
    )
    _admin_login(page, portal, staff_user)
    page.goto(portal.url + QUEUE + "?status=eligible")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(label="Approva")
    page.get_by_role("button", name="Vai").click()
    # The confirmation says beforehand that two will not fit.
    expect(page.locator(".money-effect-refused")).to_have_count(2)
    page.get_by_role("button", name="Conferma: Approva").click()

    # First come, first served: the oldest submission is approved.
    expect(page.locator(".messagelist .success")).to_have_count(1)
    expect(page.locator(".messagelist .success")).to_contain_text(first.protocol_number)
    skipped = page.locator(".messagelist .warning")
    expect(skipped).to_have_count(2)
    expect(skipped.nth(0)).to_contain_text(second.protocol_number)
    expect(skipped.nth(1)).to_contain_text(third.protocol_number)
    expect(skipped.nth(0)).to_contain_text("Manifatturiero")
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: Status.APPROVED,
        second.pk: Status.ELIGIBLE,
        third.pk: Status.ELIGIBLE,
    }
