"""The CUP: its layout (a pure rule, property tests), staff's entry, and the bulk request
through the client chosen by the settings (the fake assigns, the adapter writes the
CUP system's request file)."""

import string
from xml.etree import ElementTree as ET

import pytest
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from trinno_portal.funding.models import Application
from trinno_portal.funding.payments import rules, services
from trinno_portal.funding.payments.cup import BulkFileCupClient, FakeCupClient
from trinno_portal.funding.payments.models import CupRequest
from trinno_portal.funding.services import FundingError

from ..funding.aftercare_support import approved

LETTERS = string.ascii_uppercase
ALNUM = string.ascii_uppercase + string.digits


def _cups():
    letter = st.sampled_from(LETTERS)
    alnum = st.sampled_from(ALNUM)
    digit = st.sampled_from(string.digits)
    return st.tuples(letter, alnum, alnum, letter, digit, digit, *[alnum] * 9).map("".join)


@given(_cups())
def test_every_code_of_the_layout_is_a_cup(cup):
    assert rules.cup_problem(cup) is None
    # As a supplier writes it on an invoice: lower case, spaced in groups.
    assert rules.cup_normalize(" ".join([cup[:4].lower(), cup[4:6], cup[6:]])) == cup


@given(_cups(), st.integers(min_value=0, max_value=14), st.sampled_from("abc-_.é!* "))
def test_a_cup_with_a_foreign_character_is_refused(cup, at, char):
    assert rules.cup_problem(cup[:at] + char + cup[at + 1 :]) is not None


@given(st.text(alphabet=ALNUM, max_size=30).filter(lambda s: len(s) != 15))
def test_a_code_of_another_length_is_refused_with_its_length(value):
    with override("en"):
        assert f"has {len(value)}" in rules.cup_problem(value)


@given(_cups(), st.integers(min_value=0, max_value=9))
def test_a_digit_where_the_layout_wants_a_letter_is_refused(cup, digit):
    assert rules.cup_problem(str(digit) + cup[1:]) is not None
    assert rules.cup_problem(cup[:3] + str(digit) + cup[4:]) is not None


@pytest.mark.django_db
def test_staff_enter_a_cup_for_an_approved_operation(catalogue_call, submit_catalogue):
    application = approved(catalogue_call, submit_catalogue)
    services.cup_assign(application=application, cup="j11b25 000120007", by=None)
    assert Application.objects.get(pk=application.pk).cup == "J11B25000120007"


@pytest.mark.django_db
def test_a_cup_of_another_operation_is_refused(catalogue_call, submit_catalogue):
    first = approved(catalogue_call, submit_catalogue)
    second = approved(catalogue_call, submit_catalogue)
    services.cup_assign(application=first, cup="J11B25000120007", by=None)
    with pytest.raises(FundingError, match="J11B25000120007"):
        services.cup_assign(application=second, cup="J11B25000120007", by=None)
    assert Application.objects.get(pk=second.pk).cup is None


@pytest.mark.django_db
def test_the_fake_assigns_the_cup_of_every_operation_asked_once(
    catalogue_call, submit_catalogue, settings
):
    settings.PAYMENTS_CUP_CLIENT = "trinno_portal.funding.payments.cup.FakeCupClient"
    operations = [approved(catalogue_call, submit_catalogue) for _ in range(2)]
    assert services.cups_request(applications=operations, by=None)[:2] == (2, 2)
    cups = set(
        Application.objects.filter(pk__in=[a.pk for a in operations]).values_list("cup", flat=True)
    )
    assert len(cups) == 2 and all(rules.cup_problem(c) is None for c in cups)
    # Asked again: nothing left to ask.
    assert services.cups_request(applications=operations, by=None) == (0, 0, "")


@pytest.mark.django_db
def test_the_adapter_writes_the_bulk_request_file_and_assigns_nothing(
    catalogue_call, submit_catalogue, tmp_path
):
    application = approved(catalogue_call, submit_catalogue)
    requested, assigned, path = services.cups_request(
        applications=[application], by=None, client=BulkFileCupClient(tmp_path)
    )
    assert (requested, assigned) == (1, 0)
    root = ET.parse(path).getroot()  # noqa: S314 (the file this test had written)
    item = root.find("DETTAGLIO_CUP")
    assert item.get("ID_LOCALE") == application.protocol_number
    assert item.findtext("NATURA") == "07"
    assert item.findtext("CODICE_FISCALE_BENEFICIARIO") == application.enterprise.vat_number
    assert item.findtext("FINANZIAMENTO_PUBBLICO") == f"{application.grant_amount:.2f}"
    assert CupRequest.objects.get(application=application).request_file == path
    assert Application.objects.get(pk=application.pk).cup is None


def test_the_fake_gives_well_formed_codes():
    from decimal import Decimal

    from trinno_portal.funding.payments.cup import CupRequestRow

    row = CupRequestRow(
        "AUD-2026-1", 2026, "07", "00743110157", "X", "c", "d", "AR", Decimal(1), Decimal(1)
    )
    cup = FakeCupClient().request([row], batch="b").assigned["AUD-2026-1"]
    assert rules.cup_problem(cup) is None and cup[4:6] == "26"


@pytest.mark.django_db
def test_the_staff_export_of_operations_has_a_cup_column(catalogue_call, submit_catalogue):
    from trinno_portal.funding.queue.admin import QueueAdminMixin
    from trinno_portal.funding.queue.exports import export_frame

    application = approved(catalogue_call, submit_catalogue)
    services.cup_assign(application=application, cup="J11B25000120007", by=None)
    frame = export_frame(
        Application.objects.filter(pk=application.pk), QueueAdminMixin.export_columns
    )
    assert list(frame["CUP"]) == ["J11B25000120007"]


@pytest.mark.django_db
def test_the_agreement_prints_the_cup(catalogue_call, submit_catalogue):
    from django.template.loader import render_to_string

    application = approved(catalogue_call, submit_catalogue)
    services.cup_assign(application=application, cup="J11B25000120007", by=None)
    html = render_to_string(
        "catalogue/call/pdf/agreement.html",
        {"application": application, "implementation_months": 6},
    )
    assert "J11B25000120007" in html
