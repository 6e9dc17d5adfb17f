"""Past the submit path's concurrency limit: a 503 with Retry-After, nothing submitted,
and the same form accepted once a slot is free; never twice."""

import pytest

from trinno_portal.funding import admission
from trinno_portal.funding.models import Application
from trinno_portal.funding.workflow import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(settings, monkeypatch):
    """Every slot of this process taken by submissions in flight."""
    settings.CLICKDAY_SUBMIT_CONCURRENCY = 2
    monkeypatch.setattr(admission, "_semaphore", None)
    slots = admission._slots()
    for _n in range(2):
        assert slots.acquire(blocking=False)
    yield slots
    for _n in range(2):
        slots.release()


def test_it_answers_503_with_retry_after_and_keeps_the_draft(client, full, make_draft):
    draft, membership = make_draft()
    client.force_login(membership.user)
    url = f"/audit/domanda/{draft.pk}/riepilogo/"
    response = client.post(url, {"version": draft.version})
    assert response.status_code == 503
    assert 1 <= int(response["Retry-After"]) <= 3
    body = response.content.decode()
    assert "Molte domande" in body and f'value="{draft.version}"' in body  # the form, kept
    kept = Application.objects.get(pk=draft.pk)
    assert kept.status == Status.DRAFT and kept.version == draft.version
    # Reading the page is never refused.
    assert client.get(url).status_code == 200

    full.release()  # a submission in flight ends
    try:
        response = client.post(url, {"version": draft.version})
        assert response.status_code == 302
        again = client.post(url, {"version": draft.version})
        assert again.status_code == 302
    finally:
        full.acquire(blocking=False)
    assert Application.objects.exclude(protocol_number=None).count() == 1


def test_a_failing_submission_gives_its_slot_back(client, settings, monkeypatch, make_draft):
    settings.CLICKDAY_SUBMIT_CONCURRENCY = 1
    monkeypatch.setattr(admission, "_semaphore", None)
    draft, membership = make_draft()
    client.force_login(membership.user)
    url = f"/audit/domanda/{draft.pk}/riepilogo/"
    assert client.post(url, {"version": "forged"}).status_code == 302  # refused: stale
    assert client.post(url, {"version": draft.version}).status_code == 302
    assert Application.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_a_click_day_intake_is_received_while_every_slot_is_busy(client, full, opening, make_draft):
    """The limit guards the protocol counter's lock in the request; the intake does not take
    it (funding/intake.py), so a busy process still receives it in arrival order."""
    import time_machine

    from trinno_portal.funding.models import SubmissionIntake

    draft, membership = make_draft()
    client.force_login(membership.user)
    with time_machine.travel(opening, tick=False):
        response = client.post(f"/audit/domanda/{draft.pk}/riepilogo/", {"version": draft.version})
    assert response.status_code == 302
    assert SubmissionIntake.objects.filter(application=draft).count() == 1
