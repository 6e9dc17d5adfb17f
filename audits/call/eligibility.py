"""Eligibility of a technological-audit application: its rules and the envelope an
approval draws on (the scheme, audits/call/scheme.py, names them)."""

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils import timezone

from audits.call import rules
from trinno_portal.accounts.geography import TUSCAN_PROVINCES
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


def envelope_for(application: Application) -> Envelope:
    """New firms and start-ups draw on the reserve while it lasts, then on the general
    envelope; everybody else on the general envelope."""
    call_rules = application.call.rules
    envelopes = {e.code: e for e in application.call.envelopes.all()}
    general = envelopes[call_rules.get("general_envelope", "manufacturing")]
    reserve = envelopes.get(call_rules.get("reserve_envelope", "reserve-new-firms"))
    enterprise = application.enterprise
    on = (
        timezone.localdate(application.submitted_at)
        if application.submitted_at
        else (timezone.localdate())
    )
    grant = application.grant_amount or Decimal(0)
    if (
        reserve is not None
        and rules.uses_reserve(enterprise.is_startup, enterprise.founded_on, on, call_rules)
        and reserve.available >= grant
    ):
        return reserve
    return general


def evaluate(application: Application) -> Evaluation:
    enterprise = application.enterprise
    audit = application.audit
    call_rules = application.call.rules
    submitted_on = timezone.localdate(application.submitted_at)
    funding = rules.audit_funding(
        enterprise.size_class, application.total_cost or Decimal(0), call_rules
    )
    aid = aid_received(enterprise, application)
    provinces = enterprise_provinces(enterprise)
    outcomes = [
        rule_is_sme(enterprise.size_class),
        rules.rule_ateco_manufacturing(enterprise.ateco_code),
        rule_tuscan_seat(provinces, TUSCAN_PROVINCES),
        rules.rule_project_dates(
            audit.planned_start,
            audit.planned_end,
            submitted_on,
            int(call_rules.get("project_months", 6)),
        ),
        rules.rule_investment(funding),
        rule_de_minimis(aid, funding.grant, submitted_on),
    ]
    # The budget rule reads the envelope the approval would draw on, with this grant.
    application.grant_amount = funding.grant
    envelope = envelope_for(application)
    outcomes.append(rule_budget_available(envelope.available, funding.grant, envelope.display_name))
    return Evaluation(outcomes, eligible_cost=funding.eligible_investment, grant=funding.grant)


def prefetch(applications: Sequence[Application]) -> None:
    """What evaluate reads, for a batch of applications in a few queries."""
    prefetch_related_objects(
        applications, "audit", *enterprise_prefetches("enterprise"), "call__envelopes"
    )
