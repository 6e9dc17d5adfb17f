"""Pure rules of the catalogue: ordering of codes, validation of a service record and of
a publication. No database here: the services, the importer and the admin call these.

A "service record" is a plain mapping with the keys of RECORD_FIELDS, as the importer,
the exporter and the diff all use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

AREAS = ("A", "B", "C")
SIZE_CLASSES = ("micro", "small", "medium")
INTENSITY_FIELDS = ("intensity_micro", "intensity_small", "intensity_medium")
MONEY_FIELDS = ("min_cost", "max_cost")
BOOLEAN_FIELDS = ("is_digital", "illustrative")
TEXT_FIELDS = (
    "name",
    "name_en",
    "description",
    "description_en",
    "provider_requirements",
    "provider_requirements_en",
    "source",
)
# Every field of a service that belongs to an edition's content, in display order.
RECORD_FIELDS = (
    "code",
    "area",
    "name",
    "name_en",
    "description",
    "description_en",
    "is_digital",
    "provider_requirements",
    "provider_requirements_en",
    "min_cost",
    "max_cost",
    "intensity_micro",
    "intensity_small",
    "intensity_medium",
    "illustrative",
    "source",
)
HUNDRED = Decimal("100")
ZERO = Decimal("0")
MAX_COST = Decimal("9999999999.99")  # what max_digits=12, decimal_places=2 can hold
CODE_PATTERN = re.compile(r"^[A-Z](\.[0-9]{1,3}){0,4}$")

_TRUE = {"1", "true", "yes", "y", "si", "sì", "x", "vero"}
_FALSE = {"", "0", "false", "no", "n", "falso"}


def code_sort_key(code: str) -> str:
    """A key that orders codes naturally: B.1.9 before B.1.10 before B.2."""
    parts = code.strip().upper().split(".")
    return ".".join(p.zfill(3) if p.isdigit() else p for p in parts)


def code_area(code: str) -> str:
    """The area a code belongs to: its first letter."""
    return code.strip()[:1].upper()


def parse_decimal(value: object) -> Decimal | None:
    """A Decimal from what a spreadsheet or a form gives: 1234.5, "1234,50", "1.234,50".
    None when it is not a number. Floats go through str() so that 0.1 stays 0.1."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        text = str(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("%", "")
        if "," in text:
            # Italian notation: dots group thousands, the comma is the decimal point.
            text = text.replace(".", "").replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_bool(value: object) -> bool | None:
    """True/False from 1/0, true/false, sì/no, yes/no, x; None when unreadable."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def service_record_clean(raw: Mapping[str, object]) -> tuple[dict[str, object], list[str]]:
    """Normalise one raw row into a service record and list what is wrong with it.

    The record holds Decimals, booleans and stripped strings; a field that cannot be
    read is left out and its error named. Errors are translated sentences for staff.
    """
    record: dict[str, object] = {}
    errors: list[str] = []
    code = str(raw.get("code") or "").strip().upper()
    if not code:
        errors.append(_("The code is missing."))
    elif not CODE_PATTERN.match(code):
        errors.append(
            _("The code %(code)s is not valid: use a letter and numbers, as in B.1.2.")
            % {"code": code}
        )
    record["code"] = code
    area = str(raw.get("area") or "").strip().upper() or code_area(code)
    if area not in AREAS:
        errors.append(_("The area %(area)s is unknown: use A, B or C.") % {"area": area or "-"})
    elif code and code_area(code) != area:
        errors.append(
            _("The code %(code)s does not belong to area %(area)s.") % {"code": code, "area": area}
        )
    record["area"] = area
    for field in TEXT_FIELDS:
        value = raw.get(field)
        record[field] = "" if value is None else str(value).strip()
    if not record["name"]:
        errors.append(_("The Italian name is missing."))
    if not record["name_en"]:
        errors.append(_("The English name is missing."))
    for field in BOOLEAN_FIELDS:
        flag = parse_bool(raw.get(field))
        if flag is None:
            errors.append(
                _("%(field)s must be yes or no, not %(value)s.")
                % {"field": field, "value": raw.get(field)}
            )
        else:
            record[field] = flag
    for field in MONEY_FIELDS:
        amount = parse_decimal(raw.get(field))
        if amount is None:
            errors.append(_("%(field)s is missing or not a number.") % {"field": field})
        elif amount < ZERO or amount > MAX_COST or amount != amount.quantize(Decimal("0.01")):
            errors.append(
                _("%(field)s must be an amount in euros with at most two decimals.")
                % {"field": field}
            )
        else:
            record[field] = amount.quantize(Decimal("0.01"))
    if "min_cost" in record and "max_cost" in record and record["min_cost"] > record["max_cost"]:
        errors.append(
            _("The minimum cost %(min)s is greater than the maximum cost %(max)s.")
            % {"min": record["min_cost"], "max": record["max_cost"]}
        )
    for field in INTENSITY_FIELDS:
        rate = parse_decimal(raw.get(field))
        if rate is None:
            errors.append(_("%(field)s is missing or not a number.") % {"field": field})
        elif not ZERO <= rate <= HUNDRED or rate != rate.quantize(Decimal("0.01")):
            errors.append(
                _("%(field)s must be a percentage between 0 and 100, not %(value)s.")
                % {"field": field, "value": rate}
            )
        else:
            record[field] = rate.quantize(Decimal("0.01"))
    return record, errors


def duplicate_codes(codes: Iterable[str]) -> set[str]:
    """The codes that appear more than once (empty codes are reported elsewhere)."""
    seen: set[str] = set()
    dupes: set[str] = set()
    for code in codes:
        if code and code in seen:
            dupes.add(code)
        seen.add(code)
    return dupes


def publication_problems(
    *,
    act_number: str,
    act_date: date | None,
    valid_from: date | None,
    service_count: int,
    previous_valid_from: date | None,
) -> list[str]:
    """Why an edition cannot be published yet (empty when it can)."""
    problems = []
    if not act_number.strip():
        problems.append(_("Give the number of the approving act."))
    if act_date is None:
        problems.append(_("Give the date of the approving act."))
    if valid_from is None:
        problems.append(_("Give the date from which the edition is valid."))
    elif act_date is not None and valid_from < act_date:
        problems.append(_("An edition cannot be valid before the act that approves it."))
    if valid_from is not None and previous_valid_from is not None:
        if valid_from <= previous_valid_from:
            problems.append(
                _(
                    "The edition must be valid from a date after %(date)s, when the "
                    "edition in force became valid."
                )
                % {"date": previous_valid_from.strftime("%d/%m/%Y")}
            )
    if service_count == 0:
        problems.append(_("An edition without services cannot be published."))
    return problems
