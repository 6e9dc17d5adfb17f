"""What a scheme app tells the shared machinery about its applications.

Each scheme (audits, catalogue, vouchers) registers one SchemeHandler in its
AppConfig.ready(). The shared services call it to evaluate eligibility, to know which
envelopes an approval draws on, and to freeze figures at submission.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from trinno_portal.accounts.models import Enterprise

from .models import Application, Envelope
from .rules import AidReceived, RuleOutcome


@dataclass(frozen=True)
class Evaluation:
    outcomes: list[RuleOutcome]
    eligible_cost: Decimal | None = None
    grant: Decimal | None = None

    @property
    def passed(self) -> bool:
        return all(o.passed for o in self.outcomes)


@dataclass(frozen=True)
class SchemeHandler:
    scheme: str
    evaluate: Callable[[Application], Evaluation]
    envelopes: Callable[[Application], list[Envelope]]
    # Score used by the ranking before submission time (higher first); 0 for none. It
    # reads a row of the Application fields named in score_fields (ORM lookups such as
    # "enterprise__size_class" allowed), not a model instance: the ranking of a month
    # reads tens of thousands of applications, and instances cost most of its time.
    score: Callable[[Mapping[str, Any]], Decimal] = field(default=lambda row: Decimal(0))
    score_fields: tuple[str, ...] = ()
    # Loads what `evaluate` reads for many applications of the scheme at once (related
    # rows, counts), so that a batch evaluation makes no query per application. The
    # applications come with call, enterprise and person already selected.
    prefetch: Callable[[Sequence[Application]], None] = field(default=lambda applications: None)
    # The applicant's page of an application (URL name taking the pk), for shared lists.
    detail_url_name: str = ""


_handlers: dict[str, SchemeHandler] = {}


def register(handler: SchemeHandler) -> None:
    _handlers[handler.scheme] = handler


def detail_url_names() -> dict[str, str]:
    return {scheme: h.detail_url_name for scheme, h in _handlers.items()}


def handler_for(scheme: str) -> SchemeHandler:
    try:
        return _handlers[scheme]
    except KeyError:
        raise LookupError(f"no scheme handler registered for {scheme!r}") from None


# --- What the rules of several schemes read of an enterprise, loaded for a batch ------
# Prefetched as plain lists (Prefetch to_attr): a prefetch into a related manager makes
# Django build a queryset for every instance, a fifth of a batch evaluation's time. The
# readers below fall back to a query when nothing was prefetched (one application).
_UNITS = "batch_local_units"
_AID = "batch_de_minimis_entries"


def enterprise_prefetches(path: str = "enterprise", *, aid: bool = True) -> list[Prefetch]:
    """The prefetches of the enterprise at `path` that its readers below use."""
    prefetches = [Prefetch(f"{path}__local_units", to_attr=_UNITS)]
    if aid:
        prefetches.append(Prefetch(f"{path}__de_minimis_entries", to_attr=_AID))
    return prefetches


def enterprise_provinces(enterprise: Enterprise) -> list[str]:
    """The provinces of the registered office and of every local unit."""
    units = getattr(enterprise, _UNITS, None)
    if units is None:
        units = enterprise.local_units.all()
    return [enterprise.province, *(u.province for u in units)]


def aid_received(enterprise: Enterprise, application: Application) -> list[AidReceived]:
    """The enterprise's de minimis ledger without the grant that `application` itself
    would record."""
    entries = getattr(enterprise, _AID, None)
    if entries is None:
        entries = enterprise.de_minimis_entries.all()
    return [
        AidReceived(e.granted_on, e.amount)
        for e in entries
        if not (e.application_id == application.pk and e.source == "portal")
    ]
