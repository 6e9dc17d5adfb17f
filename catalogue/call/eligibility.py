"""Eligibility of an innovation-services application: its rules, and the two envelopes
an approval draws on (the scheme, catalogue/call/scheme.py, names them)."""

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.call import rules as rules_call
from catalogue.call.models import ServiceRequest
from trinno_portal.accounts.geography import TUSCAN_PROVINCES
from trinno_portal.accounts.rules import Size
from trinno_portal.funding.models import Application, Envelope
from trinno_portal.funding.rules import (
    rule_budget_available,
    rule_de_minimis,
    rule_is_sme,
    rule_tuscan_seat,
)
from trinno_portal.funding.schemes import (
    Evaluation,
    aid_received,
    enterprise_prefetches,
    enterprise_provinces,
)
from trinno_portal.funding.services import FundingError


class NoSectorEnvelope(FundingError, LookupError):
    """The applicant's activity belongs to no sector of the call: no envelope can pay.

    A LookupError too, so that the shared admin's budget panel shows no envelope rather
    than failing."""


def size_label(size_class: str) -> str:
    try:
        return Size(size_class).label.lower()
    except ValueError:
        return size_class or "?"


def service_lines(application: Application, size_class: str) -> list[rules_call.ServiceLine]:
    """The requested services as rule inputs, with the limits of their own edition."""
    requests = getattr(application, "batch_service_requests", None)  # see prefetch
    if requests is None:
        requests = ServiceRequest.objects.filter(application=application).select_related("service")
    return [
        rules_call.ServiceLine(
            code=r.service.code,
            cost=r.cost,
            min_cost=r.service.min_cost,
            max_cost=r.service.max_cost,
            intensity=r.service.intensity_for(size_class),
            is_digital=r.service.is_digital,
        )
        for r in requests
    ]


def funding_for(application: Application, size_class: str) -> rules_call.CatalogueFunding:
    return rules_call.catalogue_funding(
        service_lines(application, size_class), size_label(size_class), application.call.rules
    )


def application_sector(application: Application) -> str | None:
    """The sector frozen at submission, or the enterprise's current one for a draft."""
    detail = getattr(application, "catalogue", None)
    if detail is not None and detail.sector:
        return detail.sector
    return rules_call.sector_of(application.enterprise.ateco_code)


def sector_envelope(application: Application, envelopes: dict[str, Envelope]) -> Envelope:
    call_rules = application.call.rules
    codes = call_rules.get("sector_envelopes") or rules_call.DEFAULT_RULES["sector_envelopes"]
    sector = application_sector(application)
    envelope = envelopes.get(codes.get(sector or "", ""))
    if envelope is None:
        raise NoSectorEnvelope(
            _("The applicant's activity belongs to no sector of the call: no envelope can pay.")
        )
    return envelope


def year_envelope(application: Application, envelopes: dict[str, Envelope]) -> Envelope:
    """The year envelope of an approval made today (rules_call.year_envelope_pick)."""
    mapping = rules_call.year_envelopes(application.call.rules)
    candidates = [
        rules_call.YearEnvelope(year, code, envelopes[code].available)
        for year, code in mapping.items()
        if code in envelopes
    ]
    grant = application.grant_amount or Decimal(0)
    code = rules_call.year_envelope_pick(timezone.localdate().year, candidates, grant)
    if code is None:
        raise LookupError(f"call {application.call.code} has no year envelope")
    return envelopes[code]


def envelopes_for(application: Application) -> list[Envelope]:
    """Both envelopes an approval commits its grant on: its sector's and the year's."""
    envelopes = {e.code: e for e in Envelope.objects.filter(call_id=application.call_id)}
    return [sector_envelope(application, envelopes), year_envelope(application, envelopes)]


def evaluate(application: Application) -> Evaluation:
    enterprise = application.enterprise
    detail = application.catalogue
    size_class = application.size_class or enterprise.size_class
    submitted_on = timezone.localdate(application.submitted_at)
    funding = funding_for(application, size_class)
    aid = aid_received(enterprise, application)
    provinces = enterprise_provinces(enterprise)
    ateco_code = detail.ateco_code or enterprise.ateco_code
    outcomes = [
        rule_is_sme(size_class),
        rules_call.rule_sector(ateco_code),
        rule_tuscan_seat(provinces, TUSCAN_PROVINCES),
        rules_call.rule_project_cost(funding),
        rules_call.rule_services(funding),
        rule_de_minimis(aid, funding.grant, submitted_on),
    ]
    # The budget rules read the envelopes an approval would draw on, with this grant.
    application.grant_amount = funding.grant
    envelopes = {e.code: e for e in application.call.envelopes.all()}
    try:
        sector = sector_envelope(application, envelopes)
    except NoSectorEnvelope:
        sector = None
    if sector is not None:
        outcomes.append(rule_budget_available(sector.available, funding.grant, sector.display_name))
    year = year_envelope(application, envelopes)
    outcomes.append(
        replace(
            rule_budget_available(year.available, funding.grant, year.display_name),
            rule="budget_year",
        )
    )
    return Evaluation(outcomes, eligible_cost=funding.eligible_cost, grant=funding.grant)


def prefetch(applications: Sequence[Application]) -> None:
    """What evaluate reads, for a batch of applications in a few queries."""
    prefetch_related_objects(
        applications,
        "catalogue",
        Prefetch(
            "catalogue_services",
            queryset=ServiceRequest.objects.select_related("service"),
            to_attr="batch_service_requests",
        ),
        *enterprise_prefetches("enterprise"),
        "call__envelopes",
    )
