"""One action, the same side effects wherever it is taken: the applicant's page, the
admin's change page, a bulk admin action, the Celery task. Each origin acts on its own
application; what follows (status, history row, due date, e-mail, budget) must be the same
for all of them, and what it must be is asserted too."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from tests.admin import conftest as admin_fixtures
from tests.audits import conftest as audit_fixtures
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.models import Application, Call, DeMinimisEntry
from trinno_portal.funding.notifications import application_recipients
from trinno_portal.funding.tasks import application_act_task
from trinno_portal.funding.workflow import Actor, Status

pytestmark = pytest.mark.django_db
# The admin tests' eligible audit applications, built through the services.
eligible = admin_fixtures.eligible
audit_call, submit = audit_fixtures.audit_call, audit_fixtures.submit

CHANGELIST = reverse("admin:funding_application_changelist")
REASON = "Inviate il preventivo firmato dal fornitore."


def _staff_from(origin, client, application, staff, transition, reason=""):
    data = {"apply": "yes", "reason": reason} if reason else {}
    data["confirm"] = "yes"  # past the confirmation of a move of money (funding/effects.py)
    if origin == "admin_change":
        url = reverse("admin:funding_application_transition", args=[application.pk, transition])
        assert client.post(url, data).status_code == 302
    elif origin == "admin_bulk":
        data |= {"action": transition, "_selected_action": [application.pk]}
        assert client.post(CHANGELIST, data).status_code == 302
    elif origin == "task":
        application_act_task.delay([application.pk], transition, staff.pk, Actor.STAFF, reason)
    else:
        application_act(
            application=application,
            transition=transition,
            by=staff,
            actor=Actor.STAFF,
            reason=reason,
        )


def _effects(application: Application, mails: list) -> dict:
    application.refresh_from_db()
    change = application.status_changes.order_by("at", "id").last()
    commitments = application.commitments.all()
    return {
        "status": application.status,
        "change": (change.transition, change.from_status, change.to_status, change.reason),
        "by": change.by_id,
        "due_in_days": (application.due_on - change.at.date()).days if application.due_on else None,
        "mails": [
            (
                sorted(m.to) == application_recipients(application),
                m.subject.replace(application.protocol_number, "<protocol>"),
                REASON in m.body,
            )
            for m in mails
        ],
        "committed": sum((c.amount for c in commitments), Decimal(0)),
        "envelopes": sorted(c.envelope.code for c in commitments),
        "de_minimis": list(
            DeMinimisEntry.objects.filter(application=application).values_list("amount", flat=True)
        ),
    }


def _run_everywhere(origins, act, make, django_capture_on_commit_callbacks):
    results = {}
    for origin in origins:
        application = make()
        mail.outbox.clear()  # what submission sent
        with django_capture_on_commit_callbacks(execute=True):
            act(origin, application)
        results[origin] = _effects(application, list(mail.outbox))
    return results


STAFF_ORIGINS = ("admin_change", "admin_bulk", "task", "dispatch")


def test_it_requests_information_alike_from_every_origin(
    client, staff_user, eligible, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    results = _run_everywhere(
        STAFF_ORIGINS,
        lambda origin, a: _staff_from(origin, client, a, staff_user, "request_info", REASON),
        eligible,
        django_capture_on_commit_callbacks,
    )
    expected = results["dispatch"]
    assert expected["status"] == Status.INFO_REQUESTED
    assert expected["change"] == ("request_info", Status.ELIGIBLE, Status.INFO_REQUESTED, REASON)
    assert expected["by"] == staff_user.pk
    assert expected["due_in_days"] is not None
    assert len(expected["mails"]) == 1 and expected["mails"][0][0] and expected["mails"][0][2]
    assert expected["committed"] == 0
    assert results == dict.fromkeys(STAFF_ORIGINS, expected)


def test_it_approves_alike_from_every_origin(
    client, staff_user, eligible, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    results = _run_everywhere(
        STAFF_ORIGINS,
        lambda origin, a: _staff_from(origin, client, a, staff_user, "approve"),
        eligible,
        django_capture_on_commit_callbacks,
    )
    expected = results["dispatch"]
    assert expected["status"] == Status.APPROVED
    assert expected["change"] == ("approve", Status.ELIGIBLE, Status.APPROVED, "")
    # The grant of the eligible fixture (micro firm, 9,000 EUR), on the call's envelope.
    assert expected["committed"] == Decimal("4500.00") and expected["envelopes"]
    assert expected["de_minimis"] == [Decimal("4500.00")]
    assert results == dict.fromkeys(STAFF_ORIGINS, expected)
    calls = {a.call_id for a in Application.objects.filter(status=Status.APPROVED)}
    assert Call.objects.get(pk=calls.pop()).committed == Decimal("4500.00") * len(STAFF_ORIGINS)


def test_it_withdraws_alike_from_the_applicants_page_the_task_and_the_dispatcher(
    client, eligible, django_capture_on_commit_callbacks
):
    def act(origin, application):
        user = application.enterprise.memberships.select_related("user").first().user
        if origin == "applicant_page":
            client.force_login(user)
            url = reverse("audits:application_withdraw", args=[application.pk])
            assert client.post(url).status_code == 302
        elif origin == "task":
            application_act_task.delay([application.pk], "withdraw", user.pk, Actor.APPLICANT)
        else:
            application_act(
                application=application, transition="withdraw", by=user, actor=Actor.APPLICANT
            )
        act.users[origin] = user.pk

    act.users = {}
    origins = ("applicant_page", "task", "dispatch")
    results = _run_everywhere(origins, act, eligible, django_capture_on_commit_callbacks)
    for origin in origins:
        assert results[origin].pop("by") == act.users[origin]
    expected = results["dispatch"]
    assert expected["status"] == Status.WITHDRAWN
    assert expected["change"] == ("withdraw", Status.ELIGIBLE, Status.WITHDRAWN, "")
    assert expected["due_in_days"] is None and expected["committed"] == 0
    assert results == dict.fromkeys(origins, expected)


def test_the_task_reports_a_refusal_and_moves_the_others(staff_user, eligible):
    first, second = eligible(), eligible()
    application_act(
        application=second, transition="reject", by=staff_user, actor=Actor.STAFF, reason="No"
    )
    done = application_act_task.delay(
        [first.pk, second.pk], "start_assessment", staff_user.pk, Actor.STAFF
    ).get()
    assert done[first.pk] == Status.UNDER_ASSESSMENT
    # The refusal's message, in the active language, instead of a status.
    assert done[second.pk] not in Status.values and "“" in done[second.pk]
    second.refresh_from_db()
    assert second.status == Status.REJECTED
