"""What a staff action will do to the money, read before it is done: the confirmation
an officer sees before "Approve" (single or bulk) or "Accept the final report" commits,
releases or cuts a grant (docs/aftercare.md). Reads only; the action itself goes through
the dispatcher as always, and refuses there what no longer fits.

A scheme gives the preview of its final grant (`SchemeTransition.preview` of
`accept_final_report`): the amount the service will set and, where it has them, the
lines it counted. The approval's effect is the same for every scheme: the grant taken
from the call and from each of the scheme's envelopes, in the order the batch runs.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from trinno_portal.funding.models import Application
from trinno_portal.funding.rules import budget_refusal
from trinno_portal.funding.schemes import scheme_for

ZERO = Decimal("0.00")
# The staff transitions that commit, release or cut money: each asks for a confirmation.
MONEY_TRANSITIONS = frozenset({"approve", "accept_final_report"})


@dataclass(frozen=True)
class EffectLine:
    """One line a recomputation counted (an invoice, a cost) and why, if not in full."""

    label: str
    amount: Decimal
    counted: Decimal
    reason: str = ""


@dataclass(frozen=True)
class FinalAmount:
    """A scheme's preview of the final grant its service will set."""

    amount: Decimal
    lines: tuple[EffectLine, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class BudgetEffect:
    name: str
    available_before: Decimal
    available_after: Decimal


@dataclass(frozen=True)
class MoneyEffect:
    application: Application
    committed_before: Decimal
    committed_after: Decimal
    budgets: tuple[BudgetEffect, ...] = ()
    lines: tuple[EffectLine, ...] = ()
    reasons: tuple[str, ...] = ()
    # Why the action will be refused for this application (nothing moves for it).
    refusal: str = ""

    @property
    def change(self) -> Decimal:
        return self.committed_after - self.committed_before


def _approval_effects(applications: Sequence[Application]) -> list[MoneyEffect]:
    # What is left as the batch runs, first come first served (the action's order).
    left: dict[tuple[str, int], Decimal] = {}
    effects = []
    for application in applications:
        grant = application.grant_amount or ZERO
        pots = [("call", application.call)] + [
            ("envelope", envelope)
            for envelope in scheme_for(application.scheme).envelopes(application)
        ]
        names = {
            ("call", application.call.pk): application.call.display_title,
            **{("envelope", e.pk): e.display_name for kind, e in pots if kind == "envelope"},
        }
        before = {}
        for kind, pot in pots:
            key = (kind, pot.pk)
            before[key] = left.setdefault(key, pot.available)
        call_key = ("call", application.call.pk)
        refusal = budget_refusal(
            grant,
            call=(names[call_key], before[call_key]),
            envelopes=[(names[key], before[key]) for key in before if key != call_key],
        )
        after = dict(before) if refusal else {key: value - grant for key, value in before.items()}
        left.update(after)
        effects.append(
            MoneyEffect(
                application=application,
                committed_before=ZERO,
                committed_after=ZERO if refusal else grant,
                budgets=tuple(BudgetEffect(names[key], before[key], after[key]) for key in before),
                refusal=refusal,
            )
        )
    return effects


def _final_effects(applications: Sequence[Application]) -> list[MoneyEffect]:
    effects = []
    for application in applications:
        approved = application.grant_amount or ZERO
        preview = scheme_for(application.scheme).workflow["accept_final_report"].preview
        final = preview(application) if preview else FinalAmount(approved)
        released = approved - final.amount
        budgets = [
            BudgetEffect(
                application.call.display_title,
                application.call.available,
                application.call.available + released,
            )
        ]
        effects.append(
            MoneyEffect(
                application=application,
                committed_before=approved,
                committed_after=final.amount,
                budgets=tuple(budgets),
                lines=final.lines,
                reasons=final.reasons,
            )
        )
    return effects


def money_effects(applications: Sequence[Application], transition: str) -> list[MoneyEffect]:
    """The effect of `transition` on each of `applications`, in the order given."""
    if transition == "approve":
        return _approval_effects(applications)
    if transition == "accept_final_report":
        return _final_effects(applications)
    raise ValueError(f"{transition} moves no money")
