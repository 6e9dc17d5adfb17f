"""An evaluator is told when assigned (e-mail in text and HTML, the portal's notification,
after the commit, once), and staff assign evaluators from the work queue and from the
rankings in bulk, through an intermediate page choosing users of the group `evaluator`."""

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.procedure.merit_support import make_evaluator
from trinno_portal.funding.models import Notification, RankingState
from trinno_portal.funding.ranking import ranking_build
from trinno_portal.procedure.merit import evaluator_assign
from trinno_portal.procedure.models import EvaluatorAssignment

pytestmark = pytest.mark.django_db


def _staff_client(staff_user) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


def test_it_tells_the_evaluator_after_the_commit_and_once(
    eligible, django_capture_on_commit_callbacks
):
    application = eligible()
    evaluator = make_evaluator(full_name="Elena Galli")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        evaluator_assign(application=application, evaluator=evaluator)
    assert mail.outbox == [] and not Notification.objects.filter(recipient=evaluator).exists()
    for callback in callbacks:
        callback()
    [message] = [m for m in mail.outbox if evaluator.email in m.to]
    link = f"{settings.PORTAL_BASE_URL}/valutazione/{application.pk}/"
    assert application.protocol_number in message.subject
    assert link in message.body and "conflitto di interessi" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and link in html
    note = Notification.objects.get(recipient=evaluator)
    assert note.kind == "evaluator_assigned" and note.link == f"/valutazione/{application.pk}/"
    assert note.application_id == application.pk and note.title_en.startswith("Merit")
    # Assigned again: nothing new, nobody told twice.
    with django_capture_on_commit_callbacks(execute=True):
        evaluator_assign(application=application, evaluator=evaluator)
    assert Notification.objects.filter(recipient=evaluator).count() == 1


def test_the_work_queue_action_assigns_the_chosen_evaluators(
    eligible, staff_user, django_capture_on_commit_callbacks
):
    apps = [eligible(), eligible()]
    first, second = make_evaluator(full_name="Elena Galli"), make_evaluator(full_name="Luca Neri")
    outsider = UserFactory(full_name="Nessun Gruppo")
    client = _staff_client(staff_user)
    url = reverse("admin:funding_application_changelist")
    selected = {"action": "assign_evaluators", ACTION_CHECKBOX_NAME: [a.pk for a in apps]}
    page = client.post(url, selected)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Elena Galli" in text and "Luca Neri" in text and "Nessun Gruppo" not in text
    assert all(a.protocol_number in text for a in apps)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {**selected, "apply": "yes", "evaluators": [first.pk, second.pk]}
        )
    assert response.status_code == 302
    assert EvaluatorAssignment.objects.count() == 4
    assert Notification.objects.filter(kind="evaluator_assigned").count() == 4
    # A user outside the group cannot be chosen: the page comes back with the error.
    again = client.post(url, {**selected, "apply": "yes", "evaluators": [outsider.pk]})
    assert again.status_code == 200 and EvaluatorAssignment.objects.count() == 4


def test_the_rankings_action_assigns_every_application_of_a_preview(
    eligible, procedure, staff_user
):
    apps = [eligible(), eligible()]
    evaluator = make_evaluator()
    ranking = ranking_build(call=apps[0].call, period_start=timezone.localdate())
    client = _staff_client(staff_user)
    url = reverse("admin:funding_ranking_changelist")
    selected = {"action": "assign_ranking_evaluators", ACTION_CHECKBOX_NAME: [ranking.pk]}
    assert apps[1].protocol_number in client.post(url, selected).content.decode()
    response = client.post(url, {**selected, "apply": "yes", "evaluators": [evaluator.pk]})
    assert response.status_code == 302
    assigned = set(EvaluatorAssignment.objects.values_list("application_id", flat=True))
    assert assigned == {a.pk for a in apps}
    # A frozen ranking keeps its scores: skipped, nothing assigned.
    EvaluatorAssignment.objects.all().delete()
    type(ranking).objects.filter(pk=ranking.pk).update(state=RankingState.FROZEN)
    response = client.post(url, selected, follow=True)
    assert not EvaluatorAssignment.objects.exists()
    assert "skipped" in response.content.decode() or "saltat" in response.content.decode()


def test_an_assignment_added_in_its_own_admin_goes_through_the_service(
    eligible, staff_user, django_capture_on_commit_callbacks
):
    application = eligible()
    evaluator = make_evaluator()
    client = _staff_client(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:procedure_evaluatorassignment_add"),
            {
                "application": application.pk,
                "evaluator": evaluator.pk,
                "scores-TOTAL_FORMS": 0,
                "scores-INITIAL_FORMS": 0,
            },
        )
    assert response.status_code == 302
    assert EvaluatorAssignment.objects.filter(evaluator=evaluator).exists()
    assert Notification.objects.filter(recipient=evaluator, kind="evaluator_assigned").exists()
    assert application.call.criteria.exists()
