"""A formset grows in the page and sums as it is typed (static/js/formset.js): the SME
adds a third service row to the two the page offers, types costs in Italian formats, sees
the project cost as it types, and every row is saved."""

import pytest
from playwright.sync_api import Page, expect

from catalogue.call.models import ServiceRequest
from tests.e2e.test_catalogue_call_apply import _fill_row, _login
from tests.factories import MembershipFactory


@pytest.fixture
def member(portal, applicant):
    return MembershipFactory(user=applicant)


def test_rows_are_added_typed_values_kept_and_the_total_follows(portal, page: Page, member):
    _login(page, portal, member.user.email)
    page.goto(portal.url + "/catalogo/bando/")
    page.get_by_role("button", name="Inizia la domanda").click()
    expect(page.get_by_role("heading", name="Servizi e fornitori")).to_be_visible()
    rows = page.locator(".portal-formset tbody tr:not(.empty-form)")
    expect(rows).to_have_count(2)
    total = page.locator(".portal-formset-total output")
    expect(total).to_have_text("0,00 EUR")

    page.get_by_label("Che cosa otterrai con i servizi").fill("Un gestionale ERP")
    _fill_row(page, 0, "B.2.4", "22.500,50")
    _fill_row(page, 1, "A.2", "5000")
    expect(total).to_have_text("27.500,50 EUR")
    page.get_by_role("button", name="Aggiungi una riga").click()
    expect(rows).to_have_count(3)
    expect(page.locator('[name="services-0-cost"]')).to_have_value("22.500,50")  # kept
    _fill_row(page, 2, "A.3", "6.440,00")
    expect(total).to_have_text("33.940,50 EUR")
    page.locator('[name="services-2-cost"]').fill("abc")
    expect(total).to_have_text("—")  # not a number: no total is better than a wrong one
    page.locator('[name="services-2-cost"]').fill("6.440,00")

    page.get_by_role("button", name="Salva e prosegui").click()
    expect(page.get_by_role("heading", name="Dichiarazione de minimis")).to_be_visible()
    saved = sorted(ServiceRequest.objects.values_list("service__code", "cost"))
    assert [(code, str(cost)) for code, cost in saved] == [
        ("A.2", "5000.00"),
        ("A.3", "6440.00"),
        ("B.2.4", "22500.50"),
    ]
