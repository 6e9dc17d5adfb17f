"""What follows a submission goes through the outbox: written in the submitting
transaction, drained by the task, retried on failure, done once."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from kombu.exceptions import OperationalError

from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.workflow import Status
from trinno_portal.outbox import tasks
from trinno_portal.outbox.models import OutboxMessage
from trinno_portal.outbox.services import outbox_drain

pytestmark = pytest.mark.django_db


def test_the_submission_writes_its_followups_and_the_drain_does_them_once(make_draft):
    draft, membership = make_draft()
    application_submit(application=draft, by=membership.user, version=draft.version)
    # Without the commit (the test's transaction), nothing was sent from the request.
    assert not mail.outbox
    topics = sorted(OutboxMessage.objects.values_list("topic", flat=True))
    assert topics == ["funding.eligibility", "funding.receipt"]
    assert outbox_drain() == 2
    draft.refresh_from_db()
    assert draft.status == Status.ELIGIBLE
    assert len(mail.outbox) == 1 and draft.protocol_number in mail.outbox[0].subject
    assert outbox_drain() == 0  # done rows are not done again
    assert len(mail.outbox) == 1


def test_a_failing_receipt_is_retried_later_and_nothing_is_lost(make_draft, monkeypatch):
    draft, membership = make_draft()
    application_submit(application=draft, by=membership.user, version=draft.version)

    def down(application_id):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("trinno_portal.funding.after_submit.submission_receipt_send", down)
    assert outbox_drain() == 1  # the eligibility job
    failed = OutboxMessage.objects.get(topic="funding.receipt")
    assert failed.done_at is None and failed.attempts == 1 and "down" in failed.last_error
    monkeypatch.undo()
    assert outbox_drain() == 0  # not due yet: it backs off
    with time_machine.travel(failed.due_at + dt.timedelta(seconds=1)):
        assert outbox_drain() == 1
    assert len(mail.outbox) == 1


def test_a_refused_submission_leaves_no_outbox_row(make_draft):
    draft, membership = make_draft()
    with pytest.raises(Exception):  # noqa: B017, PT011 - the stale version's refusal
        application_submit(application=draft, by=membership.user, version=draft.version - 1)
    assert not OutboxMessage.objects.exists()


@pytest.fixture
def queued(monkeypatch):
    """The drains asked of the broker, counted instead of run (as with a worker busy)."""
    cache.delete(tasks.KICK_KEY)
    calls: list[int] = []
    monkeypatch.setattr(tasks.drain, "delay", lambda: calls.append(1))
    yield calls
    cache.delete(tasks.KICK_KEY)


def test_many_submissions_queue_one_drain_until_it_starts(queued):
    for _ in range(50):
        tasks.outbox_kick()
    assert len(queued) == 1  # not 50 tasks for one worker to read through
    tasks.drain.run()  # the drain starts: what commits from now on asks for another
    tasks.outbox_kick()
    assert len(queued) == 2


def test_a_drain_that_took_its_limit_queues_the_next_at_once(queued, monkeypatch):
    monkeypatch.setattr(tasks, "outbox_drain", lambda: tasks.DRAIN_LIMIT)
    tasks.drain.run()
    assert len(queued) == 1
    monkeypatch.setattr(tasks, "outbox_drain", lambda: 3)
    cache.delete(tasks.KICK_KEY)
    tasks.drain.run()
    assert len(queued) == 1  # rows left fewer than the limit: nothing more to hand over


def test_a_broker_down_leaves_the_next_kick_free_to_try(monkeypatch):
    cache.delete(tasks.KICK_KEY)

    def down():
        raise OperationalError("redis down")

    monkeypatch.setattr(tasks.drain, "delay", down)
    tasks.outbox_kick()
    assert cache.get(tasks.KICK_KEY) is None
