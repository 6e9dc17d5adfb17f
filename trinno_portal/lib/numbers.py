"""Numbers as people write them: one parsing rule and one writing rule for the portal.

An Italian writes 3.200.000 and 1.440,00 (the dot between thousands, the comma before
the decimals); an English reader writes 3,200,000 and 1,440.00. The portal writes
numbers in the reader's convention and must take back whatever it wrote, and what a
person types by habit, without guessing silently:

- the locale's decimal separator, at most once, then digits only;
- the locale's group separator only between groups of exactly three digits
  (1.440 is one thousand four hundred and forty in Italian);
- one group separator that cannot be grouping (1440.5, 2500.00 typed in Italian
  with a computer's habit) is read as the decimal point: no other reading exists;
- spaces (also the no-break spaces of a copied amount), a euro sign and "EUR" are ignored;
- anything else is refused, with the reason, never read as another number.
"""

import re
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_CURRENCY = re.compile(r"^(€|eur)|(€|eur)$", re.IGNORECASE)


class NumberFormatError(ValueError):
    """The text is not a number in the convention given. `code` says why:
    'empty', 'characters', 'decimal_twice', 'grouping'."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _is_grouped(integer: str, group: str) -> bool:
    parts = integer.split(group)
    return (
        1 <= len(parts[0]) <= 3
        and all(p.isdigit() for p in parts)
        and all(len(p) == 3 for p in parts[1:])
    )


def parse_decimal(text: str, *, decimal_sep: str, group_sep: str) -> Decimal:
    """The Decimal `text` writes in the convention (decimal_sep, group_sep)."""
    body = _SPACES.sub("", text)
    body = _CURRENCY.sub("", body)
    body = _SPACES.sub("", body)
    sign = ""
    if body.startswith(("+", "-")):
        sign, body = body[0].replace("+", ""), body[1:]
    if not body:
        raise NumberFormatError("empty")
    if any(ch not in (decimal_sep, group_sep) and not ch.isdigit() for ch in body):
        raise NumberFormatError("characters")
    if not body.isascii():  # other scripts' digits pass isdigit()
        raise NumberFormatError("characters")
    if body.count(decimal_sep) > 1:
        raise NumberFormatError("decimal_twice")
    integer, _sep, fraction = body.partition(decimal_sep)
    if group_sep in fraction:
        raise NumberFormatError("grouping")
    if group_sep in integer:
        if _is_grouped(integer, group_sep):
            integer = integer.replace(group_sep, "")
        elif not _sep and integer.count(group_sep) == 1:
            integer, fraction = integer.split(group_sep)
            _sep = decimal_sep
        else:
            raise NumberFormatError("grouping")
    if not integer and not fraction:
        raise NumberFormatError("empty")
    if _sep and not fraction:
        raise NumberFormatError("characters")
    try:
        return Decimal(f"{sign}{integer or '0'}.{fraction}" if _sep else f"{sign}{integer}")
    except InvalidOperation as exc:  # pragma: no cover - the checks above leave digits only
        raise NumberFormatError("characters") from exc


def format_decimal(
    value: Decimal | int, *, decimal_sep: str, group_sep: str, places: int | None = None
) -> str:
    """`value` written in the convention, with its thousands grouped; `places` fixes the
    decimals (2 for money), None keeps those the value has."""
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    integer, _sep, fraction = text.partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    written = group_sep.join(groups)
    return f"{sign}{written}{decimal_sep}{fraction}" if fraction else f"{sign}{written}"
