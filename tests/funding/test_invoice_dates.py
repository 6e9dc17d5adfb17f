"""The final report's invoice dates are checked where they are typed, with a message that
says why (funding/aftercare/forms.py: InvoiceForm)."""

import datetime as dt

import pytest
from django.utils import timezone

from trinno_portal.funding.aftercare.forms import InvoiceForm

APPLIED = dt.date(2026, 3, 2)


def _form(issued, paid, applied_on=APPLIED):
    return InvoiceForm(
        data={
            "number": "1/2026",
            "issued_on": issued.isoformat(),
            "supplier": "DIH Toscana",
            "amount": "1.440,00",
            "paid_on": paid.isoformat() if paid else "",
        },
        applied_on=applied_on,
    )


def test_an_invoice_after_the_application_and_paid_after_it_is_taken():
    assert _form(dt.date(2026, 4, 1), dt.date(2026, 4, 10)).is_valid()


@pytest.mark.parametrize(
    ("issued", "paid", "field", "words"),
    [
        (dt.date(2026, 2, 1), dt.date(2026, 4, 1), "issued_on", "prima della data della domanda"),
        (dt.date(2026, 4, 10), dt.date(2026, 4, 1), "paid_on", "non può precedere la fattura"),
        (None, None, "issued_on", "nel futuro"),
        (dt.date(2026, 4, 10), None, "paid_on", "nel futuro"),
    ],
)
def test_impossible_or_ineligible_dates_are_refused_with_the_reason(issued, paid, field, words):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    if issued is None:
        issued = tomorrow
    elif paid is None and words == "nel futuro":
        paid = tomorrow
    form = _form(issued, paid)
    assert not form.is_valid()
    assert words in " ".join(form.errors[field])
    if field == "issued_on" and words.startswith("prima"):
        assert "02/03/2026" in " ".join(form.errors[field])  # the date it is measured from
