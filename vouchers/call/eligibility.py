"""Eligibility of a voucher application: its rules and the envelope an approval draws
on (the scheme, vouchers/call/scheme.py, names them)."""

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils import timezone

from trinno_portal.accounts.geography import TUSCAN_PROVINCES
from trinno_portal.accounts.models import PersonStatus
from trinno_portal.funding.models import Application, Envelope
from trinno_portal.funding.rules import rule_budget_available
from trinno_portal.funding.schemes import (
    Evaluation,
    enterprise_prefetches,
    enterprise_provinces,
)
from vouchers.call import rules
from vouchers.call.selectors import other_vouchers_count


def envelope_for(application: Application) -> Envelope:
    """One general envelope: first come, first served until resources end."""
    code = application.call.rules.get("general_envelope", rules.DEFAULT_RULES["general_envelope"])
    # From the call's envelopes (prefetched by a batch evaluation), not a query of its own.
    for envelope in application.call.envelopes.all():
        if envelope.code == code:
            return envelope
    raise Envelope.DoesNotExist(f"call {application.call.code} has no envelope {code!r}")


def applicant_enterprise_provinces(application: Application) -> list[str]:
    enterprise = application.person.enterprise
    if enterprise is None:
        return []
    return enterprise_provinces(enterprise)


def evaluate(application: Application) -> Evaluation:
    voucher = application.voucher
    course = voucher.course
    person = application.person
    call_rules = application.call.rules
    submitted_on = timezone.localdate(application.submitted_at)
    status = voucher.person_status or person.status
    status_label = str(PersonStatus(status).label) if status in PersonStatus.values else status
    cap = rules.cap_for(status, call_rules) or Decimal("0.00")
    grant = rules.voucher_grant(voucher.requested_amount, course.cost, cap)
    outcomes = [
        rules.rule_cap(status, status_label, voucher.requested_amount, call_rules),
        rules.rule_course_cost(voucher.requested_amount, course.cost),
        rules.rule_course_starts_after(
            course.start_date,
            submitted_on,
            bool(call_rules.get("course_must_start_after_application", True)),
        ),
        rules.rule_tuscany(
            application.province or person.residence_province,
            applicant_enterprise_provinces(application),
            TUSCAN_PROVINCES,
        ),
        rules.rule_max_vouchers(other_vouchers_count(application), rules.max_vouchers(call_rules)),
    ]
    envelope = envelope_for(application)
    outcomes.append(rule_budget_available(envelope.available, grant, envelope.display_name))
    return Evaluation(outcomes, eligible_cost=course.cost, grant=grant)


def prefetch(applications: Sequence[Application]) -> None:
    """What evaluate reads, for a batch of applications in a few queries."""
    prefetch_related_objects(
        applications,
        "voucher__course",
        *enterprise_prefetches("person__enterprise", aid=False),
        "call__envelopes",
    )
    # Every counting application of these people in these calls, once: each application
    # then subtracts itself (other_vouchers_count excludes it).
    counting = Counter(
        Application.objects.filter(
            call_id__in={a.call_id for a in applications},
            person_id__in={a.person_id for a in applications},
        )
        .exclude(status__in=rules.NOT_COUNTING)
        .values_list("call_id", "person_id")
    )
    for a in applications:
        itself = 0 if a.status in rules.NOT_COUNTING else 1
        a._other_vouchers = counting[(a.call_id, a.person_id)] - itself
