"""The scheme contract: everything a funding scheme is, in one typed object.

Each scheme (the technological audit, the innovation-services call, the ESF vouchers)
defines one `Scheme` in its own package (audits/call/scheme.py, catalogue/call/scheme.py,
vouchers/call/scheme.py) and settings.FUNDING_SCHEMES names it: that list is the one way
a scheme plugs into the shared machinery. Funding never imports a scheme app; it reads
the contract through `scheme_for(code)`. docs/architecture.md walks through it.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from trinno_portal.accounts.models import Enterprise
from trinno_portal.funding.aftercare.contract import Aftercare
from trinno_portal.funding.models import Application, Envelope
from trinno_portal.funding.notifications import application_news, tells_applicant, tells_officer
from trinno_portal.funding.payments.contract import PaymentTerms
from trinno_portal.funding.rules import AidReceived, RuleOutcome
from trinno_portal.funding.workflow import TRANSITIONS, Status, Transition


@dataclass(frozen=True)
class Evaluation:
    outcomes: list[RuleOutcome]
    eligible_cost: Decimal | None = None
    grant: Decimal | None = None

    @property
    def passed(self) -> bool:
        return all(o.passed for o in self.outcomes)


@dataclass(frozen=True)
class SchemeTransition:
    """How a scheme uses one transition of the shared table (funding/workflow.py).

    `label` is the scheme's own word for it (a voucher's "start_project" is the
    confirmation of the enrolment, not the signature of a letter). `service` carries the
    transition out where the scheme has work of its own to do in the same transaction
    (the audit's final grant recomputed on accepting the final report); it is called as
    service(application=..., by=..., reason=...) and moves the status through
    funding.dispatch.transition_run. None: the shared default (approval commits the
    budget, everything else is the guarded move)."""

    label: str | Promise | None = None
    service: Callable[..., Application] | None = None
    # For a move that sets an amount (accept_final_report): the amount and lines the
    # service will set, read before the officer confirms (funding/effects.py).
    preview: Callable[[Application], Any] | None = None


@dataclass(frozen=True)
class MeritCriterion:
    """One criterion of the merit evaluation as the scheme proposes it to its calls."""

    code: str
    label: str | Promise
    weight: Decimal
    max_score: int = 10


# Transitions every scheme uses alike, with the shared table's labels.
COMMON_TRANSITIONS: Mapping[str, SchemeTransition] = {
    name: SchemeTransition()
    for name in (
        "submit",
        "withdraw",
        "mark_eligible",
        "mark_not_eligible",
        "start_assessment",
        "request_info",
        "answer_info",
        "expire_info",
        "send_preavviso",
        "answer_preavviso",
        "expire_preavviso",
        "rank",
        "approve",
        "reject",
    )
}

# Notifications every scheme sends alike: every move that tells the applicant or the
# officer (funding/notifications.py: tells_applicant, tells_officer; docs/notifications.md).
# A scheme replaces one with its own words or attachments (the receipt's PDF on "submit").
COMMON_NOTIFICATIONS: Mapping[str, Callable[[Application], object]] = {
    t.name: application_news(t.name)
    for t in TRANSITIONS.values()
    if tells_applicant(t) or tells_officer(t)
}


class StepUnavailable(Exception):
    """A step that cannot be shown now (no catalogue edition in force): the message is
    shown on the scheme's dashboard."""


@dataclass(frozen=True)
class Step:
    """One step of the applicant's wizard (funding/journey/views.py).

    A form step has `forms(application, data, **context)` -> {"form": ..., "formset": ...}
    (data is None on GET; every value has is_valid) and `save(application=, forms=,
    version=)`, which writes through the scheme's services under the draft's version;
    `template` is the fragment the shared step page includes inside its form,
    `context(application)` what else the forms and the fragment read, read once (it may
    raise StepUnavailable). The shared documents
    step has `documents(application)` -> [(kind, label)] instead, required kinds first,
    and `template` is its introduction."""

    slug: str
    title: str | Promise
    template: str = ""
    forms: Callable[..., Mapping[str, Any]] | None = None
    save: Callable[..., object] | None = None
    context: Callable[[Application], Mapping[str, Any]] | None = None
    documents: Callable[[Application], list[tuple[str, str]]] | None = None


# The journey's pages of a scheme with a wizard (JourneyUrls.named).
WIZARD_PAGES = ("start", "step", "review", "detail", "withdraw", "answer", "receipt")


@dataclass(frozen=True)
class JourneyUrls:
    """The URL names (namespaced) of the applicant's pages, kept as each scheme had them;
    funding.journey.urls.journey_patterns registers them. step and start may be empty (a
    scheme without a wizard, or with its own start page); `withdrawn` is where withdrawal
    leads (empty: the application's page)."""

    detail: str
    review: str
    withdraw: str
    answer: str
    receipt: str
    dashboard: str
    call: str = ""
    step: str = ""
    start: str = ""
    withdrawn: str = ""

    @classmethod
    def named(cls, prefix: str, pages: Sequence[str] = WIZARD_PAGES, **names: str) -> "JourneyUrls":
        """Each of `pages` named `prefix` + page ("audits:application_" + "step"), and the
        pages in `names` as given: a scheme writes only the names that break its rule."""
        return cls(**{page: prefix + page for page in pages} | names)


@dataclass(frozen=True)
class Journey:
    """The applicant's way from a draft to the receipt, on the shared pages of
    funding/journey/. Templates named here are fragments the shared pages include, unless
    said otherwise."""

    urls: JourneyUrls
    # The application, if the user may see it as its applicant (404 otherwise).
    load: Callable[[Any, int], Application]
    title: str | Promise
    # The heading of every shared page of the journey (h1 and the line under it).
    heading: str = ""
    steps: Callable[[Application], Sequence[Step]] = field(default=lambda application: ())
    completed: Callable[[Application], Sequence[str]] = field(default=lambda application: ())
    # The draft started for (call=, enterprise=, user=) and the open call it is for.
    start: Callable[..., Application] | None = None
    open_call: Callable[[], Any] | None = None
    no_call_message: str | Promise = ""
    # The applicant's other applications whose grant still runs, said on the wizard's pages
    # (funding/journey/_running.html) while a draft is written; one query.
    running: Callable[[Application], Sequence[Application]] = field(default=lambda application: ())
    # Review: the scheme's sections and what they read; `review_page` replaces the whole
    # page (a scheme whose draft is one form of its own).
    review_template: str = ""
    review_context: Callable[[Application], Mapping[str, Any]] = field(
        default=lambda application: {}
    )
    review_page: str = ""
    # The application's page: the scheme's sections, or a whole page of its own.
    detail_template: str = ""
    detail_context: Callable[[Application], Mapping[str, Any]] = field(
        default=lambda application: {}
    )
    detail_page: str = ""
    # Where the application's page offers withdrawal (the shared workflow's, or fewer).
    withdrawable: frozenset[str] = TRANSITIONS["withdraw"].sources
    # The receipt of submission: the PDF's template and context.
    receipt_template: str = ""
    receipt_context: Callable[[Application], Mapping[str, Any]] = field(
        default=lambda application: {"application": application}
    )

    def step(self, application: Application, slug: str) -> Step | None:
        return next((s for s in self.steps(application) if s.slug == slug), None)


@dataclass(frozen=True)
class Scheme:
    """What one scheme is. Read the scheme's own file to know it whole."""

    code: str
    label: str | Promise
    # The one-to-one model of the scheme's own fields (Application.<related_name>).
    detail_model: type[models.Model]
    # The applicant's page of an application (URL name taking the pk).
    detail_url_name: str
    # Eligibility: the rules on one application, and what they read for a batch loaded at
    # once (related rows as plain lists or typed values, never extra queries per row).
    evaluate: Callable[[Application], Evaluation]
    prefetch: Callable[[Sequence[Application]], None]
    # The envelopes an approval commits the grant on (the budget rules read them too).
    envelopes: Callable[[Application], list[Envelope]]
    # The transitions of the shared table this scheme uses, with its own words and
    # services; those missing are refused for its applications wherever they come from.
    workflow: Mapping[str, SchemeTransition]
    # What is sent after a transition commits: transition -> notify(application).
    notifications: Mapping[str, Callable[[Application], object]] = field(default_factory=dict)
    # The applicant's checks before submission (messages of what is missing), and the
    # fields frozen at submission (set in the same UPDATE as the protocol number).
    problems: Callable[[Application], list[str]] = field(default=lambda application: [])
    snapshot: Callable[[Application], dict[str, Any]] = field(default=lambda application: {})
    # Staff's inlines of the detail models on the application's admin page (dotted
    # paths: the admin is loaded only where the admin runs).
    admin_inlines: Sequence[str] = ()
    # The ranking's score before submission time (higher first), read from a row of the
    # Application fields in score_fields: a month's ranking reads tens of thousands of
    # rows, and model instances cost most of its time.
    score: Callable[[Mapping[str, Any]], Decimal] = field(default=lambda row: Decimal(0))
    score_fields: tuple[str, ...] = ()
    merit_criteria: tuple[MeritCriterion, ...] = ()
    # The scheme's own words for a status, where the shared one would mislead.
    status_labels: Mapping[str, str | Promise] = field(default_factory=dict)
    # The life after approval on the shared machinery (funding/aftercare/), or None
    # where the scheme keeps pages of its own for it.
    aftercare: Aftercare | None = None
    # The payment claims on the shared machinery (funding/payments/), or None where the
    # scheme has none on the portal.
    payments: PaymentTerms | None = None
    # The applicant's pages (funding/journey/).
    journey: Journey | None = None

    def uses(self, transition: str) -> bool:
        return transition in self.workflow

    def transition_label(self, transition: str) -> str | Promise:
        use = self.workflow.get(transition)
        if use is not None and use.label is not None:
            return use.label
        return TRANSITIONS[transition].label

    def status_label(self, status: str) -> str | Promise:
        if status in self.status_labels:
            return self.status_labels[status]
        return Status(status).label

    def transitions(self, names: Sequence[Transition]) -> list[Transition]:
        """Those of `names` this scheme uses, in the table's order."""
        return [t for t in names if t.name in self.workflow]


@cache
def _schemes() -> dict[str, Scheme]:
    loaded = [import_string(path) for path in settings.FUNDING_SCHEMES]
    return {scheme.code: scheme for scheme in loaded}


def schemes() -> list[Scheme]:
    """Every scheme, in the order of settings.FUNDING_SCHEMES."""
    return list(_schemes().values())


def scheme_for(code: str) -> Scheme:
    try:
        return _schemes()[code]
    except KeyError:
        raise LookupError(f"no scheme {code!r} in settings.FUNDING_SCHEMES") from None


def detail_url_names() -> dict[str, str]:
    return {scheme.code: scheme.detail_url_name for scheme in schemes()}


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
