"""The click day's intake (funding/intake.py): a call with an opening instant receives a
submission in one row and numbers it after, in arrival order; the waiting page shows the
place and leads to the application, or back to the kept draft with the reason."""

import datetime as dt

import pytest
import time_machine
from django.db.models import F

from trinno_portal.funding import intake as intake_module
from trinno_portal.funding.intake import intake_drain
from trinno_portal.funding.models import (
    Application,
    Call,
    IntakeState,
    StatusChange,
    SubmissionIntake,
)
from trinno_portal.funding.workflow import Status

pytestmark = pytest.mark.django_db

MS = dt.timedelta(milliseconds=1)


@pytest.fixture
def held(monkeypatch):
    """A worker that has not reached the intakes yet: nothing is numbered until the test
    drains (with eager tasks the drain runs as the request commits)."""
    monkeypatch.setattr(intake_module, "intake_follow", lambda: None)


def _post(client, draft, membership, **extra):
    client.force_login(membership.user)
    return client.post(f"/audit/domanda/{draft.pk}/riepilogo/", {"version": draft.version}, **extra)


def test_with_eager_tasks_the_intake_is_numbered_at_once(client, opening, make_draft):
    draft, membership = make_draft()
    with time_machine.travel(opening + 5 * MS, tick=False):
        response = _post(client, draft, membership)
    assert response.status_code == 302 and response["Location"].endswith(f"/domanda/{draft.pk}/")
    submitted = Application.objects.get(pk=draft.pk)
    intake = SubmissionIntake.objects.get(application=draft)
    assert submitted.status == Status.SUBMITTED and intake.state == IntakeState.SUBMITTED
    assert submitted.submitted_at == intake.received_at == opening + 5 * MS


def test_the_waiting_page_shows_the_place_then_the_application(client, opening, make_draft, held):
    first, m1 = make_draft()
    second, m2 = make_draft()
    with time_machine.travel(opening, tick=False):
        _post(client, first, m1)
    with time_machine.travel(opening + MS, tick=False):
        response = _post(client, second, m2)
        # The POST answers with the waiting page itself; it reloads at its own address.
        assert response.status_code == 200 and "numero 2 in fila" in response.content.decode()
        refresh, url = response["Refresh"].split("; url=")
        assert int(refresh) >= 3 and "/pratiche/ricezione/" in url
        assert f'content="{refresh}; url={url}"' in response.content.decode()
        page = client.get(url)
    assert page.status_code == 200 and page["Refresh"].endswith(f"; url={url}")
    body = page.content.decode()
    assert "numero 2 in fila" in body and "it-header-wrapper" not in body
    assert Application.objects.get(pk=second.pk).status == Status.DRAFT  # received, not yet
    # Somebody else's intake does not exist for them.
    client.force_login(m1.user)
    assert client.get(url).status_code == 404

    with time_machine.travel(opening + dt.timedelta(seconds=5), tick=False):
        assert intake_drain() == 2
    client.force_login(m2.user)
    done = client.get(url, follow=True)
    second.refresh_from_db()
    assert done.redirect_chain[-1][0].endswith(f"/domanda/{second.pk}/")
    assert second.protocol_number in done.content.decode()
    assert second.submitted_at == opening + MS


def test_the_waiting_page_reloads_sooner_the_nearer_its_turn():
    from trinno_portal.funding.journey.views_intake import refresh_seconds

    assert [refresh_seconds(p) for p in (1, 15, 50, 300, 5000)] == [3, 3, 10, 60, 120]
    # Spread by a quarter either way, so that pages sent together do not come back together.
    assert refresh_seconds(300, 0.0) == 45 and refresh_seconds(300, 1.0) == 75
    assert refresh_seconds(1, 0.0) == 3  # never under 3 s


def test_a_drain_asks_for_what_its_outcome_needs():
    from trinno_portal.funding.intake import DRAIN_LIMIT, after_drain

    assert after_drain(done=DRAIN_LIMIT, waiting=True, settle=2.0) == "again"
    assert after_drain(done=3, waiting=True, settle=2.0) == "later"
    assert after_drain(done=3, waiting=False, settle=2.0) == "receipts"
    assert after_drain(done=0, waiting=False, settle=2.0) == "nothing"
    # With eager tasks nothing settles: a waiting intake is one being numbered now.
    assert after_drain(done=1, waiting=True, settle=0.0) == "receipts"


def test_intakes_are_numbered_in_arrival_order_not_creation_order(opening, make_draft, held):
    drafts = [make_draft() for _ in range(4)]
    arrivals = [2, 0, 3, 1]  # arrival order, by index of creation
    # Created (committed) in creation order, each with the arrival time it was read at.
    for index, (draft, membership) in enumerate(drafts):
        SubmissionIntake.objects.create(
            application=draft,
            by=membership.user,
            version=draft.version,
            received_at=opening + arrivals.index(index) * 3 * MS,
        )
    with time_machine.travel(opening + dt.timedelta(seconds=5), tick=False):
        assert intake_drain() == 4
    rows = list(
        Application.objects.filter(status=Status.SUBMITTED)
        .order_by("protocol_seq")
        .values_list("pk", "protocol_seq", "submitted_at")
    )
    assert [pk for pk, _s, _t in rows] == [drafts[i][0].pk for i in arrivals]
    seqs = [s for _pk, s, _t in rows]
    assert seqs == list(range(seqs[0], seqs[0] + 4))  # gapless
    assert [t for _pk, _s, t in rows] == [opening + 3 * n * MS for n in range(4)]


def test_an_intake_too_young_waits_for_the_next_drain(opening, make_draft, held, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CLICKDAY_INTAKE_SETTLE_SECONDS = 2.0
    draft, membership = make_draft()
    SubmissionIntake.objects.create(
        application=draft, by=membership.user, version=draft.version, received_at=opening
    )
    with time_machine.travel(opening + dt.timedelta(seconds=1), tick=False):
        assert intake_drain() == 0  # an earlier arrival may still be committing
    with time_machine.travel(opening + dt.timedelta(seconds=3), tick=False):
        assert intake_drain() == 1


def test_the_numbering_waits_while_a_rush_is_arriving_but_not_for_ever():
    from trinno_portal.funding.intake import numbering_deferred

    t0 = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
    s = dt.timedelta(seconds=1)
    rule = {"quiet": 1.0, "patience": 60.0}
    # The newest came 0.5 s ago: the receiving has the machine.
    assert numbering_deferred(now=t0 + 10 * s, newest=t0 + 9.5 * s, oldest=t0, **rule)
    # A second without arrivals: numbering starts.
    assert not numbering_deferred(now=t0 + 11 * s, newest=t0 + 10 * s, oldest=t0, **rule)
    # Arrivals that never stop: the oldest is numbered after a minute all the same.
    assert not numbering_deferred(now=t0 + 60 * s, newest=t0 + 59.9 * s, oldest=t0, **rule)
    # Nothing waits, or eager tasks (no quiet time): nothing to defer.
    assert not numbering_deferred(now=t0, newest=None, oldest=None, **rule)
    assert not numbering_deferred(now=t0 + s, newest=t0 + s, oldest=t0, quiet=0.0, patience=60)


def test_a_drain_numbers_nothing_while_intakes_still_arrive(opening, make_draft, held, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CLICKDAY_INTAKE_SETTLE_SECONDS = 2.0
    settings.CLICKDAY_INTAKE_QUIET_SECONDS = 1.0
    settings.CLICKDAY_INTAKE_PATIENCE_SECONDS = 60.0
    for n in range(3):
        draft, membership = make_draft()
        SubmissionIntake.objects.create(
            application=draft,
            by=membership.user,
            version=draft.version,
            received_at=opening + n * dt.timedelta(seconds=2),
        )
    # The first two have settled, but the third came half a second ago.
    with time_machine.travel(opening + dt.timedelta(seconds=4.5), tick=False):
        assert intake_drain() == 0
    with time_machine.travel(opening + dt.timedelta(seconds=6.5), tick=False):
        assert intake_drain() == 3
    assert Application.objects.filter(status=Status.SUBMITTED).count() == 3


def test_a_refusal_at_numbering_keeps_the_draft_and_says_why(client, opening, make_draft, held):
    draft, membership = make_draft()
    with time_machine.travel(opening, tick=False):
        response = _post(client, draft, membership)
    # The budget runs out before this arrival's turn.
    Call.objects.filter(pk=draft.call_id).update(committed=F("total_budget"))
    with time_machine.travel(opening + dt.timedelta(seconds=5), tick=False):
        intake_drain()
    intake = SubmissionIntake.objects.get(application=draft)
    assert intake.state == IntakeState.REFUSED and "esaurit" in intake.message
    back = client.get(response["Refresh"].split("url=")[1], follow=True)
    assert back.redirect_chain[-1][0].endswith(f"/domanda/{draft.pk}/riepilogo/")
    assert "esaurit" in back.content.decode()
    kept = Application.objects.get(pk=draft.pk)
    assert kept.status == Status.DRAFT and kept.version == draft.version
    assert not StatusChange.objects.filter(application=kept).exists()


def test_a_double_click_while_waiting_is_one_intake(client, opening, make_draft, held):
    draft, membership = make_draft()
    with time_machine.travel(opening, tick=False):
        first = _post(client, draft, membership)
        again = _post(client, draft, membership)
    assert first.status_code == again.status_code == 200
    assert first["Refresh"].split("url=")[1] == again["Refresh"].split("url=")[1]
    assert SubmissionIntake.objects.filter(application=draft).count() == 1
    with time_machine.travel(opening + dt.timedelta(seconds=5), tick=False):
        assert intake_drain() == 1
    assert Application.objects.exclude(protocol_number=None).count() == 1


def test_one_intake_that_fails_does_not_hold_the_line(opening, make_draft, held, monkeypatch):
    broken, m1 = make_draft()
    fine, m2 = make_draft()
    for n, (draft, membership) in enumerate([(broken, m1), (fine, m2)]):
        SubmissionIntake.objects.create(
            application=draft,
            by=membership.user,
            version=draft.version,
            received_at=opening + n * MS,
        )
    from trinno_portal.funding import submission

    real = submission.application_submit

    def failing(*, application, **kwargs):
        if application.pk == broken.pk:
            raise RuntimeError("a bug")
        return real(application=application, **kwargs)

    monkeypatch.setattr(submission, "application_submit", failing)
    with time_machine.travel(opening + dt.timedelta(seconds=5), tick=False):
        assert intake_drain() == 2
    assert SubmissionIntake.objects.get(application=broken).state == IntakeState.REFUSED
    assert Application.objects.get(pk=broken.pk).status == Status.DRAFT
    assert Application.objects.get(pk=fine.pk).status == Status.SUBMITTED


def test_receipts_wait_for_the_numbering_then_follow(opening, make_draft, held, monkeypatch):
    from django.core import mail

    from trinno_portal.outbox import tasks as outbox_tasks
    from trinno_portal.outbox.services import outbox_drain

    first, m1 = make_draft()
    waiting, m2 = make_draft()
    SubmissionIntake.objects.create(
        application=first, by=m1.user, version=first.version, received_at=opening
    )
    with time_machine.travel(opening + dt.timedelta(seconds=5), tick=False):
        assert intake_drain() == 1
    SubmissionIntake.objects.create(
        application=waiting, by=m2.user, version=waiting.version, received_at=opening + MS
    )
    with time_machine.travel(opening + dt.timedelta(seconds=5), tick=False):
        assert outbox_drain() == 0 and not mail.outbox  # an intake still waits its number
    kicked = []
    monkeypatch.setattr(outbox_tasks, "outbox_kick", lambda: kicked.append(1))
    from trinno_portal.funding.tasks import intake_drain_task

    with time_machine.travel(opening + dt.timedelta(seconds=6), tick=False):
        assert intake_drain_task() == 1
    assert kicked  # the numbering done, the receipts are asked for
    with time_machine.travel(opening + dt.timedelta(seconds=7), tick=False):
        assert outbox_drain() == 4  # two receipts, two eligibility jobs
    assert len(mail.outbox) == 2
