"""Money: Decimal euros, rounded to the cent by one rule for the whole portal.

The rule (docs/decisions/0005-rounding.md): amounts computed from a rate are rounded
DOWN to the cent (ROUND_DOWN), so that a grant never exceeds the legal maximum aid
intensity by a fraction of a cent. Amounts typed by people are kept exactly as typed,
and refused if they have more than two decimals.
"""

from decimal import ROUND_DOWN, Decimal

from django.utils import formats

from .numbers import format_decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(amount: Decimal) -> Decimal:
    """Round an amount to the cent by the portal's rule (towards zero)."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"money must be Decimal, not {type(amount).__name__}")
    return amount.quantize(CENT, rounding=ROUND_DOWN)


def apply_rate(amount: Decimal, rate_percent: Decimal) -> Decimal:
    """amount x rate%, rounded to the cent by the portal's rule."""
    return to_cents(amount * rate_percent / Decimal(100))


def format_eur(amount: Decimal) -> str:
    """An amount for a message, in the active language's format: 1.234,56 EUR in Italian,
    1,234.56 EUR in English (messages built in two languages build each under
    translation.override, so each gets its own)."""
    return (
        format_decimal(
            to_cents(amount),
            decimal_sep=formats.get_format("DECIMAL_SEPARATOR"),
            group_sep=formats.get_format("THOUSAND_SEPARATOR"),
            places=2,
        )
        + " EUR"
    )
