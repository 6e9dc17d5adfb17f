"""One rule says whether a grant fits the call and its envelopes, for the commit and for
the officer's confirmation before it (funding/rules.py: budget_refusal)."""

from decimal import Decimal

from trinno_portal.funding.rules import budget_refusal

CALL = ("Bando audit", Decimal("10000.00"))


def test_a_grant_that_fits_everywhere_is_not_refused():
    assert (
        budget_refusal(
            Decimal("4500.00"), call=CALL, envelopes=[("Manifatturiero", Decimal("4500.00"))]
        )
        == ""
    )


def test_the_short_envelope_is_named_before_the_call():
    refusal = budget_refusal(
        Decimal("4500.00"),
        call=("Bando audit", Decimal("100.00")),
        envelopes=[("Commercio", Decimal("9000.00")), ("Manifatturiero", Decimal("4499.99"))],
    )
    assert "Manifatturiero" in refusal


def test_the_call_is_named_when_only_the_call_is_short():
    refusal = budget_refusal(
        Decimal("20000.00"), call=CALL, envelopes=[("Commercio", Decimal("90000.00"))]
    )
    assert "Bando audit" in refusal


def test_no_grant_is_refused():
    assert budget_refusal(Decimal("0.00"), call=CALL, envelopes=[])
