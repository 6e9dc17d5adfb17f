"""What one submission costs the server: on a click day every request of the rush pays it
(docs/clickday.md, docs/performance.md). The counts are the bench's budget; a change that
adds a query to the submit path or to its 503 fails here first."""

import logging

import pytest
from django.urls import reverse

from trinno_portal.funding import admission
from trinno_portal.funding.models import SubmissionIntake

pytestmark = pytest.mark.django_db

# Session, user and its groups (the staff MFA check), the application; then the lock with
# the call, the scheme's three checks, the signed form, the move with its history and its
# refresh, the outbox rows, the counter and the number, and the savepoints around them.
SUBMIT_QUERIES = 20
# A click day's intake: session, user, the application; the INSERT in its savepoint; the
# intake's state read again (with eager tasks only: the numbering may have run); the
# place in the line (one count on the intake_queue index).
INTAKE_QUERIES = 8
# Its waiting page: session, user, the intake with its application and call, the place.
WAITING_QUERIES = 4


def test_a_submission_costs_a_fixed_number_of_queries(
    client, make_draft, django_assert_max_num_queries
):
    first, someone = make_draft()  # the year's counter exists, as in the rush
    client.force_login(someone.user)
    assert client.post(f"/audit/domanda/{first.pk}/riepilogo/", {"version": first.version})
    draft, membership = make_draft()
    client.force_login(membership.user)
    url = f"/audit/domanda/{draft.pk}/riepilogo/"
    with django_assert_max_num_queries(SUBMIT_QUERIES):
        response = client.post(url, {"version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.protocol_number and response["Location"].endswith(f"/domanda/{draft.pk}/")


def test_the_busy_answer_is_light_and_not_logged_as_an_error(
    client, settings, monkeypatch, make_draft, caplog, django_assert_max_num_queries
):
    settings.CLICKDAY_SUBMIT_CONCURRENCY = 1
    monkeypatch.setattr(admission, "_semaphore", None)
    slots = admission._slots()
    assert slots.acquire(blocking=False)
    try:
        draft, membership = make_draft()
        client.force_login(membership.user)
        caplog.set_level(logging.INFO)
        # Session, user and the application (someone else's number is a 404 before a 503);
        # nothing is locked or counted.
        with django_assert_max_num_queries(3):
            response = client.post(f"/audit/domanda/{draft.pk}/riepilogo/", {"version": 1})
    finally:
        slots.release()
    assert response.status_code == 503
    body = response.content.decode()
    assert "it-header-wrapper" not in body and "csrfmiddlewaretoken" in body
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("submission deferred" in r.getMessage() for r in caplog.records)


def _queries_of(request) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_a_click_day_intake_and_its_waiting_page_cost_the_same_whatever_the_line(
    client, opening, make_draft, monkeypatch
):
    """The POST that receives (and answers with the waiting page) and each reload of it:
    every applicant of the rush sends them, so their cost must not grow with the line."""
    import time_machine

    from trinno_portal.funding import intake as intake_module

    monkeypatch.setattr(intake_module, "intake_follow", lambda: None)  # a busy worker

    def post(draft, membership):
        client.force_login(membership.user)
        url = f"/audit/domanda/{draft.pk}/riepilogo/"
        return lambda: client.post(url, {"version": draft.version})

    with time_machine.travel(opening, tick=True):
        short = post(*make_draft())
        assert _queries_of(short) == INTAKE_QUERIES
        for _n in range(15):
            post(*make_draft())()
        last = make_draft()
        assert _queries_of(post(*last)) == INTAKE_QUERIES
        intake = SubmissionIntake.objects.get(application=last[0])
        wait_url = reverse("funding:intake_wait", args=[intake.pk])
        assert _queries_of(lambda: client.get(wait_url)) == WAITING_QUERIES
