"""Pure rules of the vouchers app: identifiers, the person's status, courses and their
workflow. No database: every function here is tested on plain values."""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

from trinno_portal.accounts.models import PersonStatus
from trinno_portal.lib.workflow import Transition, Workflow
from trinno_portal.lib.workflow import transition as _t
from vouchers.offer.models import CourseState, Delivery

CENT = Decimal("0.01")

# --- identifiers -------------------------------------------------------------------------


def tax_code_compact(value: str) -> str:
    """A codice fiscale as typed, upper case without spaces (not yet validated)."""
    return codicefiscale.compact(value or "")


def person_tax_code_clean(value: str) -> str:
    """The 16-character codice fiscale of a person, upper case without spaces.

    python-stdnum checks the pattern, the check character and the birth date; the pattern
    accepts omocodia (digits replaced by LMNPQRSTUV when two people share a code).
    """
    code = codicefiscale.compact(value or "")
    if len(code) != 16:
        raise ValidationError(
            _("A person's codice fiscale has 16 characters."), code="tax_code_length"
        )
    try:
        return codicefiscale.validate(code)
    except StdnumError as exc:
        raise ValidationError(
            _("This codice fiscale is not valid: check it against your health card."),
            code="tax_code_invalid",
        ) from exc


def tax_code_matches_birth_date(code: str, birth_date: dt.date) -> bool:
    """Whether the birth date coded in a valid codice fiscale is the declared one.

    The code stores only two digits of the year, so the century is not compared.
    """
    coded = codicefiscale.get_birth_date(code)
    return (coded.day, coded.month, coded.year % 100) == (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    )


def tax_number_clean(value: str) -> str:
    """An 11-digit Partita IVA, or the codice fiscale of an organisation (same algorithm)."""
    number = iva.compact(value or "")
    try:
        return iva.validate(number)
    except StdnumError as exc:
        raise ValidationError(
            _("Enter a valid Partita IVA: 11 digits with the right check digit."),
            code="vat_invalid",
        ) from exc


# The declared enterprise is kept in one column as "Name (P.IVA 01234567890)".
_DECLARED_RE = re.compile(r"^(?P<name>.*\S)\s+\(P\.IVA (?P<vat>\d{11})\)$")


def declared_enterprise_format(name: str, vat_number: str) -> str:
    # One line: a name typed with line breaks or double spaces is stored collapsed.
    name = " ".join(name.split())
    return f"{name} (P.IVA {vat_number})" if name else ""


def declared_enterprise_parse(value: str) -> tuple[str, str]:
    """The (name, Partita IVA) of a stored declared enterprise; ("", "") when empty."""
    match = _DECLARED_RE.match(value or "")
    if match:
        return match["name"], match["vat"]
    return (value or "").strip(), ""


# --- the person's status ------------------------------------------------------------------


def person_status_errors(
    *,
    status: str,
    has_enterprise: bool,
    declared_name: str,
    declared_vat: str,
    professional_order: str,
    inps_separate_scheme: bool,
) -> dict[str, Promise]:
    """What each status requires (issue 5, part 1), as {field: message}; empty when valid.

    Entrepreneurs and managers name their enterprise: one they act for in the portal, or
    one they declare with its Partita IVA. Freelancers belong to a professional order or
    association, or to the INPS separate scheme.
    """
    errors: dict[str, Promise] = {}
    if status in (PersonStatus.ENTREPRENEUR, PersonStatus.MANAGER):
        if not has_enterprise:
            if not declared_name.strip():
                errors["declared_enterprise_name"] = _(
                    "Choose your enterprise in the portal, or enter its name and Partita IVA."
                )
            if not declared_vat:
                errors["declared_vat_number"] = _("Enter the Partita IVA of the enterprise.")
    elif status == PersonStatus.FREELANCER:
        if not professional_order.strip() and not inps_separate_scheme:
            errors["professional_order"] = _(
                "Enter your professional order or association, or tick the INPS separate scheme."
            )
    else:
        errors["status"] = _("Choose your status.")
    return errors


# --- courses --------------------------------------------------------------------------------


def course_field_errors(
    *,
    hours: Decimal,
    cost: Decimal,
    seats: int,
    start_date: dt.date,
    end_date: dt.date,
    delivery: str,
    place: str,
) -> dict[str, Promise]:
    """The checks a course must pass whenever it is saved, as {field: message}."""
    errors: dict[str, Promise] = {}
    if hours <= 0:
        errors["hours"] = _("The hours must be more than zero.")
    if cost < 0:
        errors["cost"] = _("The cost cannot be negative.")
    if seats < 1:
        errors["seats"] = _("A course needs at least one seat.")
    if end_date < start_date:
        errors["end_date"] = _("The course cannot end before it starts.")
    if delivery != Delivery.ONLINE and not place.strip():
        errors["place"] = _("Enter the place where the course is held.")
    return errors


def course_submission_errors(
    *, start_date: dt.date, today: dt.date, theme_count: int
) -> list[Promise]:
    """What a course needs before it goes to staff: a future start (vouchers are asked for
    before the course begins) and at least one Industry 4.0 theme."""
    errors: list[Promise] = []
    if start_date <= today:
        errors.append(_("The course must start after today to be submitted."))
    if theme_count < 1:
        errors.append(_("Choose at least one Industry 4.0 theme."))
    return errors


def cost_per_hour(cost: Decimal, hours: Decimal) -> Decimal:
    """The cost of one hour of the course, rounded half up to the cent (the portal's
    rounding rule for money)."""
    if hours <= 0:
        raise ValueError("hours must be positive")
    return (cost / hours).quantize(CENT, rounding=ROUND_HALF_UP)


# --- the course workflow as data --------------------------------------------------------------
# Written with the shared engine (trinno_portal/lib/workflow.py), as the applications' table;
# services.py moves a course with the shared guarded move (funding/engine.py).


class CourseActor:
    AGENCY = "agency"
    STAFF = "staff"
    SYSTEM = "system"


S, A = CourseState, CourseActor
COURSE_WORKFLOW = Workflow(
    [
        _t("submit", {S.DRAFT, S.REJECTED}, S.PENDING, {A.AGENCY}, _("Submit for approval")),
        # Back to draft to change something staff have not looked at yet.
        _t("recall", {S.PENDING}, S.DRAFT, {A.AGENCY}, _("Back to draft")),
        _t("approve", {S.PENDING}, S.APPROVED, {A.STAFF}, _("Approve")),
        _t("reject", {S.PENDING}, S.REJECTED, {A.STAFF}, _("Reject"), needs_reason=True),
        _t(
            "withdraw",
            {S.DRAFT, S.PENDING, S.APPROVED, S.REJECTED},
            S.WITHDRAWN,
            {A.AGENCY},
            _("Withdraw"),
        ),
    ]
)
COURSE_TRANSITIONS: dict[str, Transition] = COURSE_WORKFLOW.transitions

# Only what staff have not approved (nor are looking at) can change. An approved course is
# what vouchers are granted for: read-only, except that the agency may withdraw it.
EDITABLE_STATES = frozenset({S.DRAFT, S.REJECTED})


def course_is_editable(state: str) -> bool:
    return state in EDITABLE_STATES


def course_transitions_from(state: str, actor: str) -> list[Transition]:
    """The transitions an actor may make from a state, in table order."""
    return COURSE_WORKFLOW.transitions_from(state, actor)
