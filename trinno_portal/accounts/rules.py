"""SME size class and other pure rules of the company profile.

Commission Recommendation 2003/361/EC, Annex:
- art. 2: the ceilings. Staff is a strict ceiling (fewer than 10, 50, 250 annual work units);
  of the two financial ceilings it is enough to respect one (turnover OR balance sheet total).
- art. 3 and 6: partner enterprises (25 % to 50 % of capital or voting rights, upstream or
  downstream) add their figures in proportion to the holding; linked enterprises (more than
  50 %, or dominant influence) add 100 % of theirs.
- art. 4: the figures are those of the last approved accounts (the last closed year).

Nothing here touches the database: the services build SizeFigures from the models, and the
profile page shows the steps of SizeAssessment so that the applicant sees how the class came
out. Amounts are Decimal and never rounded here: the ceilings are compared on exact sums.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop

HUNDRED = Decimal(100)
MILLION = Decimal(1_000_000)


class Size(StrEnum):
    """The values equal trinno_portal.accounts.models.SizeClass."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"

    @property
    def label(self) -> str:
        return gettext(_SIZE_LABELS[self])

    @property
    def rank(self) -> int:
        return _ORDER.index(self)


_ORDER = (Size.MICRO, Size.SMALL, Size.MEDIUM, Size.LARGE)
# The same msgids as the model's SizeClass, so they are translated once.
_SIZE_LABELS = {
    Size.MICRO: gettext_noop("Micro enterprise"),
    Size.SMALL: gettext_noop("Small enterprise"),
    Size.MEDIUM: gettext_noop("Medium enterprise"),
    Size.LARGE: gettext_noop("Large enterprise (not an SME)"),
}


@dataclass(frozen=True)
class Ceiling:
    size: Size
    staff_below: Decimal
    turnover_max: Decimal
    balance_max: Decimal


# Annex, art. 2, from the smallest class up.
CEILINGS: tuple[Ceiling, ...] = (
    Ceiling(Size.MICRO, Decimal(10), 2 * MILLION, 2 * MILLION),
    Ceiling(Size.SMALL, Decimal(50), 10 * MILLION, 10 * MILLION),
    Ceiling(Size.MEDIUM, Decimal(250), 50 * MILLION, 43 * MILLION),
)


class LinkType(StrEnum):
    """The values equal trinno_portal.accounts.models.LinkKind."""

    PARTNER = "partner"
    LINKED = "linked"


@dataclass(frozen=True)
class SizeFigures:
    staff_awu: Decimal
    turnover: Decimal
    balance_sheet: Decimal

    def __add__(self, other: SizeFigures) -> SizeFigures:
        return SizeFigures(
            self.staff_awu + other.staff_awu,
            self.turnover + other.turnover,
            self.balance_sheet + other.balance_sheet,
        )

    def scaled(self, share: Decimal) -> SizeFigures:
        return SizeFigures(
            self.staff_awu * share, self.turnover * share, self.balance_sheet * share
        )


@dataclass(frozen=True)
class LinkedFigures:
    """A partner or linked enterprise as declared on the profile."""

    name: str
    kind: LinkType
    holding_percent: Decimal
    figures: SizeFigures

    @property
    def share(self) -> Decimal:
        """The part of its figures that counts (art. 6(2) and 6(3))."""
        return self.holding_percent / HUNDRED if self.kind == LinkType.PARTNER else Decimal(1)


@dataclass(frozen=True)
class Step:
    """One line of the explanation: an English msgid and its parameters, translated and
    formatted in the reader's language only when shown (str(step))."""

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return gettext(self.msgid) % {key: _show(value) for key, value in self.params.items()}


@dataclass(frozen=True)
class SizeAssessment:
    size: Size
    totals: SizeFigures
    steps: tuple[Step, ...]

    @property
    def is_sme(self) -> bool:
        return self.size != Size.LARGE


def _plain(value: Decimal) -> Decimal:
    """Drop trailing zeros (30.00 -> 30) without exponent notation."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def _show(value: object) -> str:
    if isinstance(value, Size):
        return value.label
    if isinstance(value, Decimal):
        return number_format(_plain(value), force_grouping=True)
    return str(value)


def _figures(fig: SizeFigures) -> dict[str, Decimal]:
    return {"staff": fig.staff_awu, "turnover": fig.turnover, "balance": fig.balance_sheet}


def fits(ceiling: Ceiling, fig: SizeFigures) -> bool:
    return fig.staff_awu < ceiling.staff_below and (
        fig.turnover <= ceiling.turnover_max or fig.balance_sheet <= ceiling.balance_max
    )


def _verdict(ceiling: Ceiling, fig: SizeFigures) -> Step:
    params: dict[str, object] = {
        **_figures(fig),
        "size": ceiling.size,
        "staff_limit": ceiling.staff_below,
        "turnover_limit": ceiling.turnover_max,
        "balance_limit": ceiling.balance_max,
    }
    if fig.staff_awu >= ceiling.staff_below:
        return Step(
            gettext_noop("%(size)s: no, staff of %(staff)s AWU is not below %(staff_limit)s."),
            params,
        )
    if fig.turnover <= ceiling.turnover_max:
        return Step(
            gettext_noop(
                "Staff %(staff)s < %(staff_limit)s AWU and turnover %(turnover)s EUR "
                "<= %(turnover_limit)s EUR: %(size)s."
            ),
            params,
        )
    if fig.balance_sheet <= ceiling.balance_max:
        return Step(
            gettext_noop(
                "Staff %(staff)s < %(staff_limit)s AWU and balance sheet total %(balance)s EUR "
                "<= %(balance_limit)s EUR (turnover %(turnover)s EUR is above "
                "%(turnover_limit)s EUR, but one financial ceiling is enough): %(size)s."
            ),
            params,
        )
    return Step(
        gettext_noop(
            "%(size)s: no, turnover %(turnover)s EUR is above %(turnover_limit)s EUR and "
            "balance sheet total %(balance)s EUR is above %(balance_limit)s EUR."
        ),
        params,
    )


def aggregate(own: SizeFigures, links: Sequence[LinkedFigures]) -> SizeFigures:
    """Own figures plus each partner's pro-rata share and each linked enterprise's whole."""
    total = own
    for link in links:
        total = total + link.figures.scaled(link.share)
    return total


def classify_size(own: SizeFigures, links: Sequence[LinkedFigures] = ()) -> SizeAssessment:
    steps = [
        Step(
            gettext_noop(
                "Own figures of the last closed year: staff %(staff)s AWU, turnover "
                "%(turnover)s EUR, balance sheet total %(balance)s EUR."
            ),
            _figures(own),
        )
    ]
    for link in links:
        added = link.figures.scaled(link.share)
        params = {"name": link.name, "percent": link.holding_percent, **_figures(added)}
        if link.kind == LinkType.PARTNER:
            msgid = gettext_noop(
                "Partner enterprise %(name)s (holding %(percent)s%%) adds %(percent)s%% of "
                "its figures: staff %(staff)s AWU, turnover %(turnover)s EUR, balance sheet "
                "total %(balance)s EUR."
            )
        else:
            msgid = gettext_noop(
                "Linked enterprise %(name)s (holding %(percent)s%%) adds 100%% of its "
                "figures: staff %(staff)s AWU, turnover %(turnover)s EUR, balance sheet "
                "total %(balance)s EUR."
            )
        steps.append(Step(msgid, params))
    totals = aggregate(own, links)
    if links:
        steps.append(
            Step(
                gettext_noop(
                    "Totals that count: staff %(staff)s AWU, turnover %(turnover)s EUR, "
                    "balance sheet total %(balance)s EUR."
                ),
                _figures(totals),
            )
        )
    for ceiling in CEILINGS:
        steps.append(_verdict(ceiling, totals))
        if fits(ceiling, totals):
            return SizeAssessment(ceiling.size, totals, tuple(steps))
    steps.append(
        Step(
            gettext_noop("Above the ceilings of a medium enterprise: %(size)s."),
            {"size": Size.LARGE},
        )
    )
    return SizeAssessment(Size.LARGE, totals, tuple(steps))


def holding_problem(kind: LinkType | str, holding_percent: Decimal) -> str | None:
    """Why a declared holding does not fit its relationship (art. 3), or None.

    Under 25 % an enterprise is autonomous and does not count; from 25 % to 50 % it is a
    partner; above 50 % it is linked. A lower holding can still be linked through dominant
    influence (art. 3(3)), so linked accepts any positive holding.
    """
    if not Decimal(0) < holding_percent <= HUNDRED:
        return gettext_noop("The holding is a percentage: more than 0 and at most 100.")
    if kind == LinkType.PARTNER and holding_percent < 25:
        return gettext_noop(
            "Under 25% the other enterprise is autonomous and does not count: do not list it."
        )
    if kind == LinkType.PARTNER and holding_percent > 50:
        return gettext_noop("Above 50% the enterprise is linked, not a partner.")
    return None


def ateco_division(ateco_code: str) -> int | None:
    """The two-digit division of an ATECO code (dotted or compact), or None."""
    head = ateco_code.strip()[:2]
    return int(head) if len(head) == 2 and head.isdigit() else None


def is_manufacturing(ateco_code: str) -> bool:
    """ATECO section C (manufacturing) is divisions 10 to 33, in ATECO 2007 and 2025."""
    division = ateco_division(ateco_code)
    return division is not None and 10 <= division <= 33


# --- The legal representative ---------------------------------------------------------
# A public body lets a company act online only through its legal representative or a delegate
# the representative appointed (CAD art. 64; DPR 445/2000 art. 47 for what the applicant
# declares). Typing a Partita IVA proves nothing: until the representative is proven, a
# company may prepare drafts and may not submit.

UNCONFIRMED = "unconfirmed"


def submission_refusal(*, representative_status: str | None) -> str | None:
    """Why an application of this applicant cannot be submitted, or None if it can.

    `representative_status` is the enterprise's (models.RepresentativeStatus), None for a
    person applying for themselves (vouchers), who needs no representative.
    """
    if representative_status == UNCONFIRMED:
        return gettext(
            "The company's legal representative has not been confirmed yet, so the application "
            "cannot be submitted: your draft is kept. Sign in with SPID for legal persons, or "
            "wait until the staff of Arezzo Innovazione confirm the company."
        )
    return None


def proves_representative(
    *, vat_number: str, fiscal_number: str | None, spid_iva_code: str | None
) -> bool:
    """SPID for legal persons proves the representative of the company it names.

    `spid_iva_code` is the ivaCode attribute of the assertion without its "VATIT-" prefix; the
    identity then belongs to the company, and `fiscal_number` is the person acting for it.
    """
    return bool(fiscal_number) and bool(spid_iva_code) and spid_iva_code == vat_number
