"""Eligibility rules every scheme shares, as pure typed functions.

A rule returns a RuleOutcome: passed or not, a message for the applicant and staff, the
parameters the message was built from, and the legal reference it applies. Scheme apps
compose these with their own rules (audits/rules.py, ...); the evaluation service stores
every outcome (trinno_portal/funding/eligibility.py).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from trinno_portal.lib.money import ZERO, format_eur


@dataclass(frozen=True)
class RuleOutcome:
    rule: str
    passed: bool
    message: str
    legal_reference: str = ""
    params: dict = field(default_factory=dict)


# --- SME status ----------------------------------------------------------------------


def rule_is_sme(size_class: str) -> RuleOutcome:
    passed = size_class in ("micro", "small", "medium")
    return RuleOutcome(
        rule="sme",
        passed=passed,
        message=(
            _("The enterprise is an SME (size class: %(size)s).")
            if passed
            else _(
                "The enterprise is not an SME (size class: %(size)s): the call is for SMEs only."
            )
        )
        % {"size": size_class or "?"},
        legal_reference="Raccomandazione 2003/361/CE, allegato I, art. 2",
        params={"size_class": size_class},
    )


# --- Seat in Tuscany -----------------------------------------------------------------


def rule_tuscan_seat(provinces: Iterable[str], tuscan: frozenset[str]) -> RuleOutcome:
    """The registered office or at least one local unit is in Tuscany."""
    provinces = [p for p in provinces if p]
    in_tuscany = sorted({p for p in provinces if p in tuscan})
    passed = bool(in_tuscany)
    return RuleOutcome(
        rule="tuscan_seat",
        passed=passed,
        message=(
            _("Registered office or local unit in Tuscany (%(provinces)s).")
            % {"provinces": ", ".join(in_tuscany)}
            if passed
            else _("Neither the registered office nor any local unit is in Tuscany.")
        ),
        legal_reference="Bando, requisiti di ammissibilità: sede o unità locale in Toscana",
        params={"provinces": sorted(set(provinces))},
    )


# --- De minimis ----------------------------------------------------------------------

# Regulation (EU) 2023/2831 applies to aid granted from 1 January 2024 (art. 8):
# 300,000 EUR per single undertaking over any period of three years (rolling).
# Before, Regulation (EU) 1407/2013: 200,000 EUR over the current and the two previous
# fiscal years (taken here as calendar years, as for most Italian companies).
NEW_REGIME_FROM = dt.date(2024, 1, 1)
CEILING_NEW = Decimal("300000.00")
CEILING_OLD = Decimal("200000.00")


@dataclass(frozen=True)
class AidReceived:
    granted_on: dt.date
    amount: Decimal


@dataclass(frozen=True)
class DeMinimisHeadroom:
    ceiling: Decimal
    window_start: dt.date
    used: Decimal
    headroom: Decimal
    regulation: str


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def de_minimis_headroom(aid: Sequence[AidReceived], on: dt.date) -> DeMinimisHeadroom:
    """How much de minimis aid a single undertaking can still receive on a date."""
    if on >= NEW_REGIME_FROM:
        ceiling, regulation = CEILING_NEW, "2023/2831"
        # The three years end on the grant date: aid granted on or after the same day
        # three years earlier counts.
        window_start = _years_before(on, 3) + dt.timedelta(days=1)
    else:
        ceiling, regulation = CEILING_OLD, "1407/2013"
        window_start = dt.date(on.year - 2, 1, 1)
    used = sum((a.amount for a in aid if window_start <= a.granted_on <= on), ZERO)
    return DeMinimisHeadroom(
        ceiling=ceiling,
        window_start=window_start,
        used=used,
        headroom=max(ceiling - used, ZERO),
        regulation=regulation,
    )


def rule_de_minimis(aid: Sequence[AidReceived], grant: Decimal, on: dt.date) -> RuleOutcome:
    room = de_minimis_headroom(aid, on)
    passed = room.used + grant <= room.ceiling
    params = {
        "ceiling": format_eur(room.ceiling),
        "used": format_eur(room.used),
        "headroom": format_eur(room.headroom),
        "grant": format_eur(grant),
        "since": room.window_start.isoformat(),
    }
    return RuleOutcome(
        rule="de_minimis",
        passed=passed,
        message=(
            _(
                "De minimis: %(used)s received since %(since)s; with this grant of %(grant)s "
                "the total stays within the ceiling of %(ceiling)s."
            )
            if passed
            else _(
                "De minimis: %(used)s received since %(since)s leaves %(headroom)s, less than "
                "the grant of %(grant)s (ceiling %(ceiling)s)."
            )
        )
        % params,
        legal_reference=(
            "Reg. (UE) 2023/2831, art. 3"
            if room.regulation == "2023/2831"
            else "Reg. (UE) 1407/2013, art. 3"
        ),
        params=params,
    )


# --- Budget --------------------------------------------------------------------------


def rule_budget_available(available: Decimal, grant: Decimal, envelope_name: str) -> RuleOutcome:
    passed = grant <= available
    params = {
        "available": format_eur(available),
        "grant": format_eur(grant),
        "envelope": envelope_name,
    }
    return RuleOutcome(
        rule="budget",
        passed=passed,
        message=(
            _("Budget still available in %(envelope)s: %(available)s, enough for %(grant)s.")
            if passed
            else _(
                "The resources of %(envelope)s have run out: %(available)s left, %(grant)s needed."
            )
        )
        % params,
        legal_reference="Bando: aperto fino a esaurimento delle risorse",
        params=params,
    )


def budget_refusal(
    grant: Decimal, *, call: tuple[str, Decimal], envelopes: Sequence[tuple[str, Decimal]]
) -> str:
    """Why `grant` cannot be taken from the call and from each envelope (each given as
    (name, available)), or "" when it fits: the first envelope short of it is named, else
    the call. Read by the approval's commit and by the officer's confirmation before it
    (funding/effects.py), so that both say the same."""
    if grant <= 0:
        return _("This application has no grant to approve.")
    short = [name for name, available in envelopes if available < grant]
    if short or call[1] < grant:
        return _("Not enough budget left in %(envelope)s for this grant.") % {
            "envelope": short[0] if short else call[0]
        }
    return ""
