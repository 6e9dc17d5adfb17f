from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from trinno_portal.funding.models import Call, Envelope, Ranking, RankingState
from trinno_portal.funding.workflow import Status

pytestmark = pytest.mark.django_db

BUILD = reverse("admin:funding_ranking_build")
CHANGELIST = reverse("admin:funding_ranking_changelist")


def _month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def _build(client, call):
    return client.post(BUILD, {"call": call.pk, "month": _month()})


@pytest.fixture
def three(eligible, audit_call):
    """Three eligible applications of this month, 4,500 EUR each; 10,000 EUR left."""
    applications = [eligible(), eligible(), eligible()]
    Call.objects.filter(pk=audit_call.pk).update(committed=Decimal("1490000.00"))
    return applications


def test_it_builds_a_preview_and_shows_where_the_budget_line_falls(
    client, staff_user, audit_call, three
):
    client.force_login(staff_user)
    assert client.get(BUILD).status_code == 200
    response = _build(client, audit_call)
    ranking = Ranking.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:funding_ranking_change", args=[ranking.pk])
    assert ranking.state == RankingState.PREVIEW
    assert [e.funded for e in ranking.entries.order_by("position")] == [True, True, False]

    page = client.get(response.url).text
    assert page.count('class="budget-line"') == 1
    # The line sits between the second (funded) and the third (not funded) application.
    assert (
        page.index(three[1].protocol_number)
        < page.index('class="budget-line"')
        < page.index(three[2].protocol_number)
    )
    assert 'name="_save"' not in page


def test_it_freezes_and_approves_the_funded_reporting_each(client, staff_user, audit_call, three):
    client.force_login(staff_user)
    _build(client, audit_call)
    ranking = Ranking.objects.get()
    client.post(CHANGELIST, {"action": "freeze_rankings", "_selected_action": [ranking.pk]})
    ranking.refresh_from_db()
    assert ranking.state == RankingState.FROZEN
    for application in three:
        application.refresh_from_db()
        assert application.status == Status.RANKED
    # A frozen ranking no longer changes.
    refused = _build(client, audit_call)
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()

    # Only 6,000 EUR left in the envelope by now: the second funded one no longer fits.
    Envelope.objects.filter(call=audit_call, code="manufacturing").update(
        committed=Decimal("1344000.00")
    )
    data = {"action": "approve_funded", "_selected_action": [ranking.pk]}
    # First what it will commit, the one that no longer fits said beforehand.
    effects = client.post(CHANGELIST, data).context["effects"]
    assert [e.application.pk for e in effects] == [three[0].pk, three[1].pk]
    assert [bool(e.refusal) for e in effects] == [False, True]
    assert Ranking.objects.get().state == RankingState.FROZEN
    response = client.post(CHANGELIST, {**data, "confirm": "yes"})
    reported = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert [level for level, _text in reported] == ["success", "warning", "success"]
    assert three[0].protocol_number in reported[0][1]
    assert three[1].protocol_number in reported[1][1]
    # Below the budget line: rejected with the decree (procedure/ranking_decisions.py); the
    # funded one whose approval failed stays ranked for the officer.
    assert three[2].protocol_number in reported[2][1]
    statuses = [type(a).objects.get(pk=a.pk).status for a in three]
    assert statuses == [Status.APPROVED, Status.RANKED, Status.REJECTED]
    ranking.refresh_from_db()
    assert ranking.state == RankingState.APPROVED


def test_it_exports_a_ranking_as_csv(client, official, staff_user, audit_call, three):
    client.force_login(staff_user)
    _build(client, audit_call)
    ranking = Ranking.objects.get()
    client.force_login(official)  # a read-only export: officials may take it too
    response = client.get(reverse("admin:funding_ranking_csv", args=[ranking.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 4
    assert rows[1].startswith(f"1;{three[0].protocol_number};")


def test_it_lets_officials_read_rankings_but_not_build_or_freeze(
    client, official, staff_user, audit_call, three
):
    client.force_login(staff_user)
    _build(client, audit_call)
    ranking = Ranking.objects.get()
    client.force_login(official)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(reverse("admin:funding_ranking_change", args=[ranking.pk])).status_code == 200
    assert client.get(BUILD).status_code == 403
    freeze = reverse("admin:funding_ranking_operation", args=[ranking.pk, "freeze"])
    assert client.post(freeze).status_code == 403
    ranking.refresh_from_db()
    assert ranking.state == RankingState.PREVIEW
