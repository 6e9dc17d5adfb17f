"""What one submission costs the server: on a click day every request of the rush pays it
(docs/clickday.md, docs/performance.md). The counts are the bench's budget; a change that
adds a query to the submit path or to its 503 fails here first."""

import logging

import pytest

from trinno_portal.funding import admission

pytestmark = pytest.mark.django_db

# Session, user and its groups (the staff MFA check), the application; then the lock with
# the call, the scheme's three checks, the signed form, the move with its history and its
# refresh, the outbox rows, the counter and the number, and the savepoints around them.
SUBMIT_QUERIES = 20


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
        # Session, user, its groups: nothing of the application is read.
        with django_assert_max_num_queries(3):
            response = client.post(f"/audit/domanda/{draft.pk}/riepilogo/", {"version": 1})
    finally:
        slots.release()
    assert response.status_code == 503
    body = response.content.decode()
    assert "it-header-wrapper" not in body and "csrfmiddlewaretoken" in body
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("submission deferred" in r.getMessage() for r in caplog.records)
