import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from audits.call import services
from tests.signed import signed_document_attach
from trinno_portal.funding.aftercare import services as aftercare_services
from trinno_portal.funding.aftercare.rules import PaidInvoice
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.models import (
    Application,
    BudgetCommitment,
    DeMinimisEntry,
    Envelope,
    StatusChange,
)
from trinno_portal.funding.services import (
    BudgetExhausted,
    FundingError,
    StaleApplication,
    TransitionNotAllowed,
)
from trinno_portal.funding.workflow import Status

from ..factories import MembershipFactory, UserFactory
from .conftest import fill_draft

pytestmark = pytest.mark.django_db


def _start(audit_call, member):
    return services.audit_application_start(
        call=audit_call, enterprise=member.enterprise, user=member.user
    )


def test_it_opens_one_draft_per_enterprise_whatever_the_clicks(audit_call, member):
    first = _start(audit_call, member)
    second = _start(audit_call, member)
    assert first.pk == second.pk
    assert Application.objects.count() == 1


def test_it_lists_what_is_missing_before_submission(submit, audit_call, member):
    application = _start(audit_call, member)
    problems = services.audit_application_problems(application)
    assert any("Progetto" in p or "Project" in p for p in problems)
    with pytest.raises(FundingError):
        submit(application, member.user)
    assert Application.objects.get().status == Status.DRAFT


def test_it_submits_with_a_protocol_number_and_evaluates_eligibility(submit, audit_call, member):
    application = fill_draft(_start(audit_call, member))
    submit(application, member.user)
    application.refresh_from_db()
    year = timezone.localdate().year
    assert application.protocol_number == f"AUD-{year}-000001"
    assert application.submitted_at is not None
    # The eligibility job ran after the commit (eagerly here) and stored every rule.
    assert application.status == Status.ELIGIBLE
    assert application.eligible_cost == Decimal("7500.00")
    assert application.grant_amount == Decimal("4500.00")
    outcomes = {o.rule: o for o in application.eligibility_outcomes.all()}
    assert set(outcomes) == {
        "sme",
        "ateco_manufacturing",
        "tuscan_seat",
        "project_dates",
        "investment",
        "de_minimis",
        "budget",
    }
    assert all(o.passed for o in outcomes.values())
    assert "7.500,00 EUR" in outcomes["investment"].message
    assert outcomes["investment"].message_en.startswith("The investment")
    history = list(StatusChange.objects.values_list("from_status", "to_status"))
    assert history == [("draft", "submitted"), ("submitted", "eligible")]


def test_it_gives_gapless_numbers_per_call_and_year(submit, audit_call):
    numbers = []
    for _ in range(3):
        m = MembershipFactory()
        application = fill_draft(_start(audit_call, m))
        submit(application, m.user)
        numbers.append(Application.objects.get(pk=application.pk).protocol_seq)
    assert numbers == [1, 2, 3]


def test_it_never_submits_twice(submit, audit_call, member):
    application = fill_draft(_start(audit_call, member))
    version = application.version
    submit(application, member.user, version)
    with pytest.raises(TransitionNotAllowed):
        submit(application, member.user, version)
    assert Application.objects.exclude(protocol_number=None).count() == 1


def test_it_refuses_a_save_from_a_stale_tab(audit_call, member):
    application = _start(audit_call, member)
    old = application.version
    today = timezone.localdate()
    services.audit_stamp_update(
        application=application, version=old, serial="1" * 14, issued_on=today
    )
    with pytest.raises(StaleApplication):
        services.audit_stamp_update(
            application=application, version=old, serial="2" * 14, issued_on=today
        )
    assert application.audit.__class__.objects.get().stamp_duty_serial == "1" * 14


def test_it_marks_not_eligible_with_the_reason(submit, audit_call, member):
    application = fill_draft(_start(audit_call, member), investment=Decimal("4000.00"))
    submit(application, member.user)
    application.refresh_from_db()
    assert application.status == Status.NOT_ELIGIBLE
    failed = application.eligibility_outcomes.get(passed=False)
    assert failed.rule == "investment"
    assert "5.000,00 EUR" in failed.message


def _eligible(submit, audit_call, investment=Decimal("9000.00")):
    m = MembershipFactory()
    application = fill_draft(_start(audit_call, m), investment=investment)
    submit(application, m.user)
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    return application


def test_it_commits_the_grant_on_approval_and_enters_the_ledger(submit, audit_call):
    application = _eligible(submit, audit_call)
    officer = UserFactory(is_staff=True)
    application_approve(application=application, by=officer)
    audit_call.refresh_from_db()
    assert audit_call.committed == Decimal("4500.00")
    assert Envelope.objects.get(call=audit_call, code="manufacturing").committed == Decimal(
        "4500.00"
    )
    entry = DeMinimisEntry.objects.get(source="portal")
    assert entry.amount == Decimal("4500.00")
    with pytest.raises(TransitionNotAllowed):
        application_approve(application=application, by=officer)
    assert BudgetCommitment.objects.count() == 1


def test_it_refuses_an_approval_the_envelope_cannot_pay_and_changes_nothing(submit, audit_call):
    application = _eligible(submit, audit_call)
    Envelope.objects.filter(call=audit_call, code="manufacturing").update(
        committed=Decimal("1347000.00")
    )
    with pytest.raises(BudgetExhausted):
        application_approve(application=application, by=UserFactory(is_staff=True))
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert not BudgetCommitment.objects.exists()


def test_it_marks_not_eligible_when_the_budget_ran_out(submit, audit_call):
    Envelope.objects.filter(call=audit_call).update(committed=models_amount())
    m = MembershipFactory()
    application = fill_draft(_start(audit_call, m))
    submit(application, m.user)
    application.refresh_from_db()
    assert application.status == Status.NOT_ELIGIBLE
    assert application.eligibility_outcomes.get(rule="budget").passed is False


def models_amount():
    from django.db.models import F

    return F("amount")


def test_it_recomputes_the_final_grant_and_gives_back_the_rest(submit, audit_call):
    application = _eligible(submit, audit_call)
    officer = UserFactory(is_staff=True)
    application_approve(application=application, by=officer)
    application.documents.create(
        kind="signed_letter",
        file="x.pdf",
        original_name="letter.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=application.created_by,
    )
    aftercare_services.agreement_accept(application=application, by=application.created_by)
    signed_document_attach(application, "final_report")
    after = timezone.localdate() + dt.timedelta(days=1)
    aftercare_services.final_report_submit(
        application=application,
        by=application.created_by,
        summary="Done",
        results="Good",
        invoices=[
            PaidInvoice("1/2026", after, "DIH", Decimal("6000.00"), after),
            # Paid before the application: not eligible.
            PaidInvoice("0/2025", dt.date(2020, 1, 1), "DIH", Decimal("900.00"), None),
        ],
    )
    application = aftercare_services.final_report_accept(application=application, by=officer)
    assert application.status == Status.MONITORING
    assert application.final_grant == Decimal("3600.00")
    audit_call.refresh_from_db()
    assert audit_call.committed == Decimal("3600.00")
    assert DeMinimisEntry.objects.get(source="portal").amount == Decimal("3600.00")


def test_it_refuses_a_submission_once_the_resources_ran_out_and_keeps_the_draft(
    submit, audit_call, member
):
    from django.db.models import F

    from trinno_portal.funding.models import Call

    Call.objects.filter(pk=audit_call.pk).update(committed=F("total_budget"))
    application = fill_draft(_start(audit_call, member))
    with pytest.raises(FundingError, match="esaurite"):
        submit(application, member.user)
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.protocol_number is None
    assert application.cost_items.exists()
