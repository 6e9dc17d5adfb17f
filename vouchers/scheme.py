"""The voucher scheme as the shared funding machinery sees it (registered in apps.py)."""

from decimal import Decimal

from django.utils import timezone

from trinno_portal.accounts.geography import TUSCAN_PROVINCES
from trinno_portal.accounts.models import PersonStatus
from trinno_portal.funding.models import Application, Envelope
from trinno_portal.funding.rules import rule_budget_available
from trinno_portal.funding.schemes import Evaluation, SchemeHandler

from . import rules_voucher as rules


def envelope_for(application: Application) -> Envelope:
    """One general envelope: first come, first served until resources end."""
    code = application.call.rules.get("general_envelope", rules.DEFAULT_RULES["general_envelope"])
    return application.call.envelopes.get(code=code)


def other_vouchers_count(application: Application) -> int:
    """The person's other applications in the call that count towards the maximum."""
    return (
        Application.objects.filter(call_id=application.call_id, person_id=application.person_id)
        .exclude(pk=application.pk)
        .exclude(status__in=rules.NOT_COUNTING)
        .count()
    )


def enterprise_provinces(application: Application) -> list[str]:
    enterprise = application.person.enterprise
    if enterprise is None:
        return []
    return [enterprise.province, *enterprise.local_units.values_list("province", flat=True)]


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
            enterprise_provinces(application),
            TUSCAN_PROVINCES,
        ),
        rules.rule_max_vouchers(other_vouchers_count(application), rules.max_vouchers(call_rules)),
    ]
    envelope = envelope_for(application)
    outcomes.append(rule_budget_available(envelope.available, grant, envelope.display_name))
    return Evaluation(outcomes, eligible_cost=course.cost, grant=grant)


def register() -> None:
    from trinno_portal.funding.schemes import register as register_scheme

    register_scheme(
        SchemeHandler(
            scheme="voucher",
            evaluate=evaluate,
            envelopes=lambda application: [envelope_for(application)],
            detail_url_name="vouchers:voucher_detail",
        )
    )
