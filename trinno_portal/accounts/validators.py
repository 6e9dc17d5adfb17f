"""Italian identifiers and codes of the company profile.

Each `normalize_*` function returns the value in the form the portal stores (compact,
upper case, dotted ATECO) or raises ValidationError with a message that says what is wrong
and how it should look. Forms call them in clean_<field>; the services call them again,
so that the admin, commands and tasks cannot store what the web form would refuse.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

import ateco
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _
from stdnum.it import codicefiscale, iva

from .geography import PROVINCES
from .rules import LinkType, holding_problem

# ATECO 2007 (with its 2022 update) and ATECO 2025: codes of registers older than 2025
# are still in use on certificates, so both are accepted.
ATECO_EDITIONS = ("2025", "2022", "2007")
_POSTAL_CODE = re.compile(r"^\d{5}$")
_PROVINCE_CODES = frozenset(code for code, _name in PROVINCES)


def _compact(value: str) -> str:
    return re.sub(r"[\s.\-/]", "", value or "").upper()


def normalize_vat_number(value: str) -> str:
    """Partita IVA: 11 digits, the last a check digit (python-stdnum it.iva)."""
    compact = _compact(value)
    if compact.startswith("IT"):  # as written on invoices: IT00743110157
        compact = compact[2:]
    if not iva.is_valid(compact):
        raise ValidationError(
            _(
                "Partita IVA %(value)s is not valid: it must have 11 digits and a correct "
                "check digit."
            ),
            code="invalid_vat_number",
            params={"value": value},
        )
    return compact


def normalize_tax_code(value: str) -> str:
    """Codice fiscale of a company (11 digits, a valid Partita IVA) or of a person
    (16 characters, omocodia variants included)."""
    compact = _compact(value)
    if compact.isdigit() and len(compact) == 11 and iva.is_valid(compact):
        return compact
    if len(compact) == 16 and codicefiscale.is_valid(compact):
        return compact
    raise ValidationError(
        _(
            "Codice fiscale %(value)s is not valid: a company's has 11 digits with a check "
            "digit, a person's 16 characters (for example RSSMRA85T10A562S)."
        ),
        code="invalid_tax_code",
        params={"value": value},
    )


def normalize_pec(value: str) -> str:
    """A PEC is an ordinary e-mail address on a certified provider; no list of providers
    is public and complete, so only the address form is checked."""
    address = (value or "").strip().lower()
    try:
        EmailValidator()(address)
    except ValidationError as exc:
        raise ValidationError(
            _("%(value)s is not a valid PEC address: write it as name@provider.it."),
            code="invalid_pec",
            params={"value": value},
        ) from exc
    return address


@lru_cache(maxsize=4096)
def _ateco_node(dotted: str) -> ateco.AtecoNode | None:
    for edition in ATECO_EDITIONS:
        node = ateco.lookup(dotted, edition=edition)
        if node is not None:
            return node
    return None


def _dotted_ateco(value: str) -> str:
    compact = re.sub(r"[\s.]", "", value or "")
    if not re.fullmatch(r"\d{6}", compact):
        return ""
    return f"{compact[:2]}.{compact[2:4]}.{compact[4:]}"


def normalize_ateco_code(value: str) -> str:
    """A six-digit ATECO subcategory of ATECO 2007 (2022 update) or 2025, dotted: 32.12.10."""
    dotted = _dotted_ateco(value)
    node = _ateco_node(dotted) if dotted else None
    if node is None or node.level != "subcategory":
        raise ValidationError(
            _(
                "ATECO code %(value)s is not in the ATECO 2007 or ATECO 2025 classification: "
                "write the six-digit activity code of the Chamber of Commerce certificate, "
                "for example 32.12.10."
            ),
            code="invalid_ateco_code",
            params={"value": value},
        )
    return dotted


def ateco_title(code: str) -> str:
    """The Italian title of an ATECO code (the newest edition that has it), or ''."""
    dotted = _dotted_ateco(code)
    node = _ateco_node(dotted) if dotted else None
    return node.title if node else ""


def validate_postal_code(value: str) -> None:
    if not _POSTAL_CODE.match(value or ""):
        raise ValidationError(
            _("The postal code (CAP) %(value)s is not valid: it has 5 digits."),
            code="invalid_postal_code",
            params={"value": value},
        )


def validate_province(value: str) -> None:
    if value not in _PROVINCE_CODES:
        raise ValidationError(
            _("%(value)s is not an Italian province code (for example AR for Arezzo)."),
            code="invalid_province",
            params={"value": value},
        )


def validate_holding(kind: LinkType | str, holding_percent: Decimal) -> None:
    problem = holding_problem(kind, holding_percent)
    if problem:
        raise ValidationError(_(problem), code="invalid_holding")
