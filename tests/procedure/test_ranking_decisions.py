"""What the approval of a ranking decides for the applications it does not fund: each is
rejected with its own reason and the ways of appeal, with no notice of intended rejection
(a competitive procedure), and its applicant is told; and the decree's number taken from
the year's counter."""

import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone

from tests.procedure.merit_support import make_evaluator, scored
from trinno_portal.funding.models import Application, Call, Notification
from trinno_portal.funding.ranking import ranking_approve_funded, ranking_build, ranking_freeze
from trinno_portal.funding.workflow import Status
from trinno_portal.procedure.decree import decree_number_take
from trinno_portal.procedure.merit import evaluator_assign
from trinno_portal.procedure.models import DecreeCounter, RejectionDecision
from trinno_portal.procedure.ranking_decisions import ranking_refusals_decide
from trinno_portal.procedure.rules import preavviso_owed

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(eligible, procedure):
    """Four of this month: 90 funded, 70 eligible without funds (4,500 EUR left), 40
    below the minimum of 55, one nobody scored. The call owes a notice before its other
    rejections (the fixture's `preavviso_required`): not before a ranking's outcome."""
    procedure.merit_threshold = Decimal("55")
    procedure.save()
    apps = [eligible() for _ in range(4)]
    call = apps[0].call
    Call.objects.filter(pk=call.pk).update(committed=call.total_budget - Decimal("4500"))
    first, second = make_evaluator(), make_evaluator()
    for application, value in zip(apps, [9, 7, 4], strict=False):
        scored(application, first, value)
        scored(application, second, value)
    evaluator_assign(application=apps[3], evaluator=first)
    return apps


def _approve(apps, staff_user, capture):
    ranking = ranking_build(call=apps[0].call, period_start=timezone.localdate())
    ranking_freeze(ranking=ranking, by=staff_user)
    mail.outbox.clear()
    with capture(execute=True):
        report = ranking_approve_funded(ranking=ranking, by=staff_user)
    return ranking, report


def test_it_rejects_every_entry_it_does_not_fund_with_its_reason_and_the_appeal(
    month, staff_user, django_capture_on_commit_callbacks
):
    ranking, report = _approve(month, staff_user, django_capture_on_commit_callbacks)
    assert all(ok for _label, ok, _message in report), report
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in month] == [
        Status.APPROVED,
        Status.REJECTED,
        Status.REJECTED,
        Status.REJECTED,
    ]
    decisions = {d.application_id: d for d in RejectionDecision.objects.all()}
    number = str(ranking.decree)
    unfunded, below, unscored = (decisions[a.pk] for a in month[1:])
    assert "carenza di fondi" in unfunded.reasons and number in unfunded.reasons
    assert "40,00" in below.reasons and "55,00" in below.reasons
    assert "punteggio di merito consolidato" in unscored.reasons
    for decision in (unfunded, below, unscored):
        assert "60 giorni" in decision.appeal and "120 giorni" in decision.appeal
        assert "1199" in decision.appeal
    # No notice was sent: none is owed in a competitive procedure.
    assert not Application.objects.filter(status=Status.PREAVVISO).exists()


def test_each_rejected_applicant_is_told_by_the_shared_notification(
    month, staff_user, django_capture_on_commit_callbacks
):
    _approve(month, staff_user, django_capture_on_commit_callbacks)
    for application in month[1:]:
        owner = application.enterprise.memberships.first().user
        note = Notification.objects.get(recipient=owner, application=application, kind="reject")
        assert "carenza di fondi" in note.detail or "merito" in note.detail
        assert any(
            owner.email in m.to and application.protocol_number in m.subject for m in mail.outbox
        )


def test_a_second_pass_decides_nothing_twice(month, staff_user, django_capture_on_commit_callbacks):
    ranking, _report = _approve(month, staff_user, django_capture_on_commit_callbacks)
    assert RejectionDecision.objects.count() == 3
    assert ranking_refusals_decide(ranking=ranking, decree=ranking.decree, by=staff_user) == []


def test_a_ranking_owes_no_notice_whatever_the_call_says():
    assert preavviso_owed(required=True, competitive=False)
    assert not preavviso_owed(required=True, competitive=True)
    assert not preavviso_owed(required=False, competitive=False)


def test_decree_numbers_follow_each_other_within_a_year_and_restart_the_next():
    with transaction.atomic():
        assert [decree_number_take(year=2026) for _ in range(3)] == [1, 2, 3]
    assert decree_number_take(year=2027) == 1
    assert DecreeCounter.objects.get(year=2026).last_number == 3


def test_a_rolled_back_approval_gives_its_decree_number_back():
    decree_number_take(year=2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert decree_number_take(year=2026) == 2
        raise RuntimeError("the approval failed")
    assert decree_number_take(year=2026) == 2


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_same_instant_get_two_numbers():
    # Real concurrent transactions need PostgreSQL's row locks (each thread has its own
    # connection); SQLite serialises whole transactions, which proves nothing here.
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    DecreeCounter.objects.create(year=2026)
    barrier, numbers, errors = threading.Barrier(2), [], []

    def approve():
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(decree_number_take(year=2026))
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and sorted(numbers) == [1, 2]
