"""Pure rules of the payments (docs/payments.md): the CUP's layout, each cost line of a
payment claim, the caps of the claim kinds, and the deterministic sample of the
second-level control. No database: the services feed them typed values.
"""

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from math import floor

from django.utils.translation import gettext as _

from trinno_portal.funding.rules import RuleOutcome
from trinno_portal.lib.money import CENT, ZERO, apply_rate, format_eur, to_cents

# --- CUP ----------------------------------------------------------------------------
# The layout the CUP system gives every code (DIPE, "Manuale utente del Sistema CUP":
# C11G06000000001): 15 characters, the first a letter (the code of the body that asked
# for it), two characters of classification, a letter (the sector), the two digits of
# the year of the funding decision, nine characters of the system's own sequence. The
# check of the last characters is the system's own and not public: format only.
_CUP = re.compile(r"^[A-Z][0-9A-Z]{2}[A-Z][0-9]{2}[0-9A-Z]{9}$")
CUP_LENGTH = 15


def cup_normalize(value: str) -> str:
    """As staff or a supplier write it: spaces and dashes dropped, capitals."""
    return re.sub(r"[\s\-]", "", value or "").upper()


def cup_problem(value: str) -> str | None:
    """Why `value` is not a CUP, or None. Normalise first (cup_normalize)."""
    if len(value) != CUP_LENGTH:
        return _("A CUP has 15 characters; %(value)s has %(count)d.") % {
            "value": value,
            "count": len(value),
        }
    if not _CUP.match(value):
        return _(
            "%(value)s is not a CUP: a letter, two letters or digits, a letter, the two "
            "digits of the year of the decision, then nine letters or digits."
        ) % {"value": value}
    return None


# --- Cost lines ---------------------------------------------------------------------


@dataclass(frozen=True)
class CostLine:
    """One invoice of a payment claim with its proof of payment."""

    number: str
    issued_on: dt.date
    supplier: str
    supplier_vat: str
    taxable: Decimal
    vat: Decimal
    invoice_cup: str
    paid_on: dt.date | None
    transfer_reference: str


@dataclass(frozen=True)
class LineContext:
    """What a cost line is judged against, for one operation."""

    applied_on: dt.date
    period_starts: dt.date | None
    period_ends: dt.date | None
    beneficiary_vat: str
    # The Partite IVA of the partner and linked enterprises (Rec. 2003/361, annex, art. 3).
    linked_vats: frozenset[str]
    cup: str
    # For a catalogue service: whether the supplier is a provider that meets the
    # service's requirements (None: the scheme has no such rule).
    provider_ok: bool | None = None


def _outcome(rule: str, passed: bool, message: str, reference: str) -> RuleOutcome:
    return RuleOutcome(rule=rule, passed=passed, message=message, legal_reference=reference)


def rule_dated(line: CostLine, ctx: LineContext) -> RuleOutcome:
    """Costs count from the day of the application to the end of the project."""
    fmt = {"date": line.issued_on.isoformat(), "applied": ctx.applied_on.isoformat()}
    if line.issued_on < ctx.applied_on:
        return _outcome(
            "line_dated",
            False,
            _("Invoice dated %(date)s, before the application (%(applied)s).") % fmt,
            "Reg. (UE) 2021/1060, art. 63(2)",
        )
    if ctx.period_ends is not None and line.issued_on > ctx.period_ends:
        return _outcome(
            "line_dated",
            False,
            _("Invoice dated %(date)s, after the end of the project (%(end)s).")
            % {**fmt, "end": ctx.period_ends.isoformat()},
            "Reg. (UE) 2021/1060, art. 63(2)",
        )
    return _outcome(
        "line_dated",
        True,
        _("Invoice dated %(date)s, within the project period.") % fmt,
        "Reg. (UE) 2021/1060, art. 63(2)",
    )


def rule_traceable(line: CostLine, ctx: LineContext) -> RuleOutcome:
    """Paid by a traceable bank transfer (law 136/2010, art. 3), on or after the invoice."""
    reference = "L. 136/2010, art. 3"
    if line.paid_on is None or not line.transfer_reference.strip():
        return _outcome(
            "line_traceable",
            False,
            _("No traceable bank transfer with its reference: the cost does not count."),
            reference,
        )
    if line.paid_on < line.issued_on or line.paid_on < ctx.applied_on:
        return _outcome(
            "line_traceable",
            False,
            _("Paid on %(date)s, before the invoice or the application.")
            % {"date": line.paid_on.isoformat()},
            reference,
        )
    return _outcome(
        "line_traceable",
        True,
        _("Paid by bank transfer %(ref)s on %(date)s.")
        % {"ref": line.transfer_reference, "date": line.paid_on.isoformat()},
        reference,
    )


def rule_independent_supplier(line: CostLine, ctx: LineContext) -> RuleOutcome:
    """A supplier that is the beneficiary itself or an enterprise linked to it is not a
    market cost (Rec. 2003/361, annex, art. 3)."""
    reference = "Racc. 2003/361/CE, allegato, art. 3"
    if line.supplier_vat == ctx.beneficiary_vat:
        return _outcome(
            "line_supplier",
            False,
            _("The supplier has the beneficiary's own Partita IVA."),
            reference,
        )
    if line.supplier_vat in ctx.linked_vats:
        return _outcome(
            "line_supplier",
            False,
            _("The supplier is a partner or linked enterprise of the beneficiary."),
            reference,
        )
    return _outcome(
        "line_supplier",
        True,
        _("The supplier is independent of the beneficiary."),
        reference,
    )


def rule_cup_on_invoice(line: CostLine, ctx: LineContext) -> RuleOutcome:
    """The invoice must carry the operation's CUP (law 3/2003 art. 11; law 136/2010
    art. 3(5))."""
    reference = "L. 3/2003, art. 11; L. 136/2010, art. 3(5)"
    written = cup_normalize(line.invoice_cup)
    if not ctx.cup:
        return _outcome(
            "line_cup", False, _("The operation has no CUP yet: ask the agency."), reference
        )
    if written != ctx.cup:
        return _outcome(
            "line_cup",
            False,
            _("The invoice does not carry the operation's CUP %(cup)s.") % {"cup": ctx.cup},
            reference,
        )
    return _outcome(
        "line_cup", True, _("The invoice carries the CUP %(cup)s.") % {"cup": ctx.cup}, reference
    )


def rule_provider(line: CostLine, ctx: LineContext) -> RuleOutcome:
    reference = _("the call, the catalogue of services")
    if ctx.provider_ok:
        return _outcome(
            "line_provider",
            True,
            _("The supplier meets the requirements of the service's providers."),
            reference,
        )
    return _outcome(
        "line_provider",
        False,
        _("The supplier does not meet the requirements of the service's providers."),
        reference,
    )


def line_outcomes(line: CostLine, ctx: LineContext) -> tuple[RuleOutcome, ...]:
    outcomes = [
        rule_dated(line, ctx),
        rule_traceable(line, ctx),
        rule_independent_supplier(line, ctx),
        rule_cup_on_invoice(line, ctx),
    ]
    if ctx.provider_ok is not None:
        outcomes.append(rule_provider(line, ctx))
    return tuple(outcomes)


def line_proposed(line: CostLine, outcomes: tuple[RuleOutcome, ...]) -> Decimal:
    """What the rules propose as eligible: the taxable amount if every rule is met. VAT
    is left out: it is eligible only where not recoverable (Reg. (UE) 2021/1060,
    art. 64(1)(c)), which the officer decides line by line."""
    return line.taxable if all(o.passed for o in outcomes) else ZERO


# --- Claim kinds and their caps (the call's data) -----------------------------------


@dataclass(frozen=True)
class ClaimKindTerms:
    kind: str
    # Cumulative cap of the grant paid up to and including this kind (percent).
    cap_percent: Decimal
    # An advance is paid against a guarantee (a document of kind "claim_guarantee").
    guarantee_required: bool = False


DEFAULT_KINDS = {"balance": ClaimKindTerms("balance", Decimal(100))}
KINDS = ("advance", "interim", "balance")


def claim_kinds(rules: Mapping) -> dict[str, ClaimKindTerms]:
    """The kinds of claim a call allows, from call.rules["payments"]["kinds"], e.g.
    {"advance": {"cap_percent": 40, "guarantee": true}, "balance": {"cap_percent": 100}}.
    Nothing said: the balance only. Malformed data is refused loudly (ValueError): a
    call's money rules are never guessed."""
    kinds = (rules.get("payments") or {}).get("kinds")
    if not kinds:
        return dict(DEFAULT_KINDS)
    out = {}
    for kind, terms in kinds.items():
        if kind not in KINDS:
            raise ValueError(f"unknown claim kind {kind!r}")
        try:
            cap = Decimal(str(terms["cap_percent"]))
        except (KeyError, InvalidOperation, TypeError) as exc:
            raise ValueError(f"claim kind {kind!r}: cap_percent missing or not a number") from exc
        if not ZERO < cap <= 100:
            raise ValueError(f"claim kind {kind!r}: cap_percent {cap} outside (0, 100]")
        out[kind] = ClaimKindTerms(kind, cap, bool(terms.get("guarantee", False)))
    return out


def claim_payable(
    *,
    kind: ClaimKindTerms,
    grant: Decimal,
    rate_percent: Decimal,
    eligible: Decimal,
    requested: Decimal,
    already_paid: Decimal,
) -> tuple[Decimal, str]:
    """What a claim may pay, and why: the grant's rate on the eligible costs (an advance
    has none: what is requested), never above the kind's cumulative cap of the grant
    less what earlier claims paid, nor above the grant, nor below zero."""
    cap = to_cents(grant * kind.cap_percent / Decimal(100)) - already_paid
    due = requested if kind.kind == "advance" else apply_rate(eligible, rate_percent)
    payable = max(ZERO, min(due, cap, grant - already_paid))
    fmt = {
        "due": format_eur(due),
        "cap": format_eur(max(cap, ZERO)),
        "percent": f"{kind.cap_percent.normalize():f}",
        "payable": format_eur(payable),
    }
    if payable < due:
        return payable, _(
            "%(due)s due, capped at %(cap)s (%(percent)s%% of the grant less what was "
            "already paid): %(payable)s."
        ) % fmt
    return payable, _("%(payable)s due.") % fmt


# --- Hours attended (a scheme paid on attendance: the training voucher) ----------------


@dataclass(frozen=True)
class Hours:
    """The attendance a claim carries: the hours attended of the course's hours, as the
    training agency reported them, and the call's terms (call.rules)."""

    attended: Decimal
    total: Decimal
    # Below this share of the hours nothing is paid (call.rules["min_attendance_percent"]).
    min_percent: Decimal
    # Paid in proportion to the hours attended (True), or whole once the minimum is met.
    pro_rata: bool = True


def meets_minimum(hours: Hours) -> bool:
    # Compared without division, so that 70 % of 24 h is exactly 16.8 h.
    return hours.total > 0 and hours.attended * 100 >= hours.min_percent * hours.total


def rule_hours(hours: Hours, reference: str) -> RuleOutcome:
    """The claim's attendance: below the call's minimum share of the hours the claim is
    refused, with the hours and the minimum named."""
    fmt = {
        "attended": f"{hours.attended.normalize():f}",
        "total": f"{hours.total.normalize():f}",
        "min": f"{hours.min_percent.normalize():f}",
    }
    if not meets_minimum(hours):
        return _outcome(
            "claim_hours",
            False,
            _(
                "%(attended)s hours attended of %(total)s: below the minimum attendance of "
                "%(min)s%% of the hours, nothing is paid."
            )
            % fmt,
            reference,
        )
    return _outcome(
        "claim_hours",
        True,
        _("%(attended)s hours attended of %(total)s: at least %(min)s%% of the hours.") % fmt,
        reference,
    )


def hours_payable(amount: Decimal, hours: Hours) -> Decimal:
    """What the hours allow of `amount` (the voucher): nothing below the minimum; whole,
    or in proportion to the hours attended (at most all of them), rounded DOWN to the
    cent (docs/decisions/0005). Exact fractions: no intermediate rounding adds a cent."""
    for value in (amount, hours.attended, hours.total, hours.min_percent):
        if not isinstance(value, Decimal):
            raise TypeError(f"expected Decimal, not {type(value).__name__}")
    if amount <= 0 or hours.attended <= 0 or not meets_minimum(hours):
        return ZERO
    if not hours.pro_rata:
        return amount.quantize(CENT)
    share = min(Fraction(hours.attended) / Fraction(hours.total), Fraction(1))
    return (Decimal(floor(Fraction(amount) * 100 * share)) * CENT).quantize(CENT)


# --- The second-level sample (the call's data) --------------------------------------


def sample_draw(*, seed: str, claim_key: str) -> int:
    """A number 0-99 fixed by the call's seed and the claim: the same claim always draws
    the same number, and nobody picks which claims are examined."""
    digest = hashlib.sha256(f"{seed}:{claim_key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


def sample_percent(rules: Mapping) -> int:
    """call.rules["payments"]["sample_percent"]: the share of claims the second level
    examines (100, every claim, when the call says nothing)."""
    value = (rules.get("payments") or {}).get("sample_percent", 100)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValueError(f"sample_percent {value!r} is not an integer 0-100")
    return value


def sampled(*, draw: int, percent: int) -> bool:
    return draw < percent
