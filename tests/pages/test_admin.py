"""Staff answer a report in the admin: the reporter gets the answer by e-mail, once;
overdue reports are shown as such."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from trinno_portal.pages import services
from trinno_portal.pages.models import AccessibilityReport

pytestmark = pytest.mark.django_db


def _report(**kwargs) -> AccessibilityReport:
    with_defaults = {"email": "anna@example.it", "description": "Menu", "language": "en"}
    return services.accessibility_report_create(**{**with_defaults, **kwargs})


def test_answering_in_the_admin_mails_the_reporter_once(
    client, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    report = _report()
    mailoutbox.clear()
    client.force_login(staff_user)
    url = reverse("admin:pages_accessibilityreport_change", args=[report.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "The menu is fixed."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.answered_on == timezone.localdate()
    assert report.answered_by == staff_user
    (mail,) = mailoutbox
    assert mail.to == ["anna@example.it"]
    assert mail.subject == "Answer to your accessibility report"
    assert "The menu is fixed." in mail.body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"answer": "The menu is fixed, again."})
    assert len(mailoutbox) == 1


def test_an_anonymous_report_is_answered_without_mail(mailoutbox, staff_user):
    report = _report(email="")
    mailoutbox.clear()
    services.accessibility_report_answer(report=report, answer="Fatto.", by=staff_user)
    assert report.answered_on is not None and report.answer_sent_at is None
    assert mailoutbox == []


def test_the_list_shows_overdue_reports(client, staff_user):
    late = _report(description="Vecchia segnalazione")
    AccessibilityReport.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    _report(description="Nuova segnalazione")
    client.force_login(staff_user)
    url = reverse("admin:pages_accessibilityreport_changelist")
    overdue = client.get(url, {"state": "overdue"}).context["cl"].result_list
    assert [r.pk for r in overdue] == [late.pk]
    page = client.get(url).content.decode()
    # The "overdue" column: one report late, one on time.
    assert page.count('alt="True"') == 1 and page.count('alt="False"') == 1
