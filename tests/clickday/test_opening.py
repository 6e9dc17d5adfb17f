"""The opening instant of a click-day call: drafts before it, submissions from it, by the
server's clock; protocol order is receipt order, to the millisecond."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from trinno_portal.funding.models import Application, StatusChange
from trinno_portal.funding.opening import opening_context, opening_refusal
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.workflow import Status

pytestmark = pytest.mark.django_db

ONE_SECOND = dt.timedelta(seconds=1)


def test_it_refuses_a_microsecond_early_and_accepts_the_instant_itself(opening):
    assert opening_refusal(opens_at=opening, now=opening) is None
    early = opening_refusal(opens_at=opening, now=opening - dt.timedelta(microseconds=1))
    assert "10:00:00" in early
    assert opening_refusal(opens_at=None, now=opening) is None


def test_it_shows_the_instant_in_italian_time_whatever_the_server_zone(opening):
    utc = opening.astimezone(dt.UTC)
    context = opening_context(opens_at=utc, now=utc - ONE_SECOND)
    assert context["pending"] and context["shown"].endswith("10:00:00")
    assert context["opens_at_ms"] - context["now_ms"] == 1000
    assert not opening_context(opens_at=utc, now=utc)["pending"]


def test_it_prepares_and_validates_a_draft_before_the_opening(client, opening, member):
    with time_machine.travel(opening - dt.timedelta(hours=20), tick=False):
        client.force_login(member.user)
        response = client.post("/audit/domanda/nuova/", {"enterprise": member.enterprise.pk})
        assert response.status_code == 302
        assert Application.objects.filter(enterprise=member.enterprise).exists()


def test_the_review_page_counts_down_to_the_instant_and_keeps_the_button(
    client, opening, make_draft
):
    draft, membership = make_draft()
    client.force_login(membership.user)
    with time_machine.travel(opening - dt.timedelta(minutes=5), tick=False):
        body = client.get(f"/audit/domanda/{draft.pk}/riepilogo/").content.decode()
    assert "10:00:00" in body and "data-opens-at" in body and "js/clickday.js" in body
    # Without JavaScript the button is there and the server decides.
    assert 'type="submit"' in body and "disabled" not in body.split("data-opens-at")[1][:2000]
    with time_machine.travel(opening, tick=False):
        body = client.get(f"/audit/domanda/{draft.pk}/riepilogo/").content.decode()
    assert "data-opens-at" not in body


def test_a_submission_one_second_early_is_refused_and_the_draft_kept(client, opening, make_draft):
    draft, membership = make_draft()
    client.force_login(membership.user)
    url = f"/audit/domanda/{draft.pk}/riepilogo/"
    with time_machine.travel(opening - ONE_SECOND, tick=False):
        response = client.post(url, {"version": draft.version}, follow=True)
    body = response.content.decode()
    assert "troppo presto" in body and "10:00:00" in body
    kept = Application.objects.get(pk=draft.pk)
    assert kept.status == Status.DRAFT and kept.protocol_number is None
    assert kept.version == draft.version  # the same draft, submittable as it is
    assert not StatusChange.objects.filter(application=kept).exists()
    assert not mail.outbox

    with time_machine.travel(opening, tick=False):
        response = client.post(url, {"version": draft.version})
    assert response.status_code == 302
    submitted = Application.objects.get(pk=draft.pk)
    assert submitted.status == Status.SUBMITTED and submitted.submitted_at == opening


def test_the_refusal_is_in_english_on_english_pages(client, opening, make_draft):
    draft, membership = make_draft()
    client.force_login(membership.user)
    with time_machine.travel(opening - ONE_SECOND, tick=False):
        response = client.post(
            f"/en/audit/domanda/{draft.pk}/riepilogo/", {"version": draft.version}, follow=True
        )
    assert "too early" in response.content.decode()


def test_protocol_numbers_follow_the_receipt_time_to_the_millisecond(opening, make_draft):
    drafts = [make_draft() for _ in range(4)]
    # Received in this order, a few milliseconds apart, but not in the order of creation.
    order = [2, 0, 3, 1]
    for n, index in enumerate(order):
        draft, membership = drafts[index]
        with time_machine.travel(opening + dt.timedelta(milliseconds=3 * n + 1), tick=False):
            application_submit(application=draft, by=membership.user, version=draft.version)
    rows = list(
        Application.objects.filter(status=Status.SUBMITTED)
        .order_by("protocol_seq")
        .values_list("pk", "protocol_seq", "submitted_at")
    )
    assert [pk for pk, _s, _t in rows] == [drafts[i][0].pk for i in order]
    seqs = [s for _pk, s, _t in rows]
    assert seqs == list(range(seqs[0], seqs[0] + 4))  # gapless
    times = [t for _pk, _s, t in rows]
    assert times == sorted(times)
    assert [(t - opening) // dt.timedelta(milliseconds=1) for t in times] == [1, 4, 7, 10]


def test_a_refused_early_submission_takes_no_number(opening, make_draft):
    early, m1 = make_draft()
    late, m2 = make_draft()
    with time_machine.travel(opening - dt.timedelta(milliseconds=1), tick=False):
        with pytest.raises(FundingError):
            application_submit(application=early, by=m1.user, version=early.version)
    with time_machine.travel(opening, tick=False):
        application_submit(application=late, by=m2.user, version=late.version)
    late.refresh_from_db()
    assert late.protocol_number.endswith("-000001")
