"""The click day's intake with a real Celery worker on Redis: the submit requests only
receive, the worker numbers the intakes in arrival order, and the waiting page leads each
applicant to the numbered application (funding/intake.py, docs/clickday.md)."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from audits.call.services import audit_application_start
from trinno_portal.funding.models import Application, IntakeState, SubmissionIntake

from ..audits.conftest import fill_draft
from ..factories import MembershipFactory
from .conftest import wait_for


def test_the_worker_numbers_the_intakes_in_arrival_order(celery_worker_process, audit_call):
    audit_call.submissions_open_at = timezone.now() - dt.timedelta(minutes=1)
    audit_call.save(update_fields=["submissions_open_at"])
    sent = []
    for _n in range(5):
        membership = MembershipFactory()
        draft = fill_draft(
            audit_application_start(
                call=audit_call, enterprise=membership.enterprise, user=membership.user
            )
        )
        client = Client()
        client.force_login(membership.user)
        response = client.post(f"/audit/domanda/{draft.pk}/riepilogo/", {"version": draft.version})
        assert response.status_code == 200  # the waiting page, which reloads at its address
        waiting_url = response["Refresh"].split("url=")[1]
        assert "/pratiche/ricezione/" in waiting_url
        sent.append((client, draft, waiting_url))

    wait_for(
        lambda: not SubmissionIntake.objects.filter(state=IntakeState.WAITING).exists(),
        timeout=90,
    )
    intakes = list(SubmissionIntake.objects.order_by("received_at", "id"))
    assert [i.state for i in intakes] == [IntakeState.SUBMITTED] * 5
    numbered = list(
        Application.objects.exclude(protocol_seq=None)  # some already past eligibility
        .order_by("protocol_seq")
        .values_list("pk", "submitted_at")
    )
    assert numbered == [(i.application_id, i.received_at) for i in intakes]
    client, draft, wait_url = sent[-1]
    page = client.get(wait_url, follow=True)
    assert page.redirect_chain[-1][0].endswith(f"/domanda/{draft.pk}/")
