"""The payment order's PDF (amount, IBAN, CUP, DURC) and the expenditure declared per
quarter, call and programme action (selector and XLSX)."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from trinno_portal.funding.payments import selectors, services

from .support import CUP, accept_all, claim, controller, officer, operation

pytestmark = pytest.mark.django_db
IBAN = "IT60X0542811101000000123456"


def _paid(call, submit_catalogue):
    application = operation(call, submit_catalogue)
    c = claim(application)
    first = officer()
    services.claim_first_level(claim=c, by=first, decisions=accept_all(c))
    services.claim_second_level(claim=c, by=controller(), approve=True)
    services.durc_record(
        enterprise=application.enterprise,
        outcome="regular",
        issued_on=timezone.localdate() - dt.timedelta(days=1),
        protocol="INAIL_42",
        by=first,
    )
    order = services.payment_order_issue(claim=c, by=first, iban=IBAN)
    services.payment_record(
        order=order, by=first, paid_on=timezone.localdate(), amount=order.amount, reference="CRO 1"
    )
    return application, order, first


def test_the_payment_order_prints_amount_iban_cup_and_durc(catalogue_call, submit_catalogue):
    _application, order, first = _paid(catalogue_call, submit_catalogue)
    client = Client()
    client.force_login(first)
    response = client.get(reverse("payments:order_pdf", args=[order.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (CUP, IBAN, "INAIL_42"):
        assert expected in text.replace(" ", "") or expected in text


def test_the_expenditure_declared_per_quarter_call_and_action(catalogue_call, submit_catalogue):
    application, order, first = _paid(catalogue_call, submit_catalogue)
    (row,) = selectors.expenditure_declared()
    assert (row.call, row.action, row.paid, row.operations) == (
        application.call.code,
        "ERDF 1.1.2",
        order.amount,
        1,
    )
    client = Client()
    client.force_login(first)
    response = client.get(reverse("payments:expenditure_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for c in list(sheet.rows)[1]]
    assert values[1:4] == [application.call.code, "ERDF 1.1.2", 1]


def test_monitorings_amount_paid_reads_the_recorded_payments(catalogue_call, submit_catalogue):
    from monitoring.selectors import supported_money_groups, supported_operations

    application, order, _first = _paid(catalogue_call, submit_catalogue)
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=365), today + dt.timedelta(days=1)
    row = next(r for r in supported_operations(start, end) if r["id"] == application.pk)
    assert row["paid"] == order.amount
    assert sum(g["paid"] for g in supported_money_groups(start, end)) == order.amount
