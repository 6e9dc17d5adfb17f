"""The accessibility statement in both languages and its feedback form: a report saved,
mailed to staff, due in 30 days, throttled; a bad e-mail refused with a message."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from trinno_portal.pages.models import AccessibilityReport, AccessibilityStatement

pytestmark = pytest.mark.django_db

REPORT = {
    "full_name": "Anna Bianchi",
    "email": "anna@example.it",
    "page_url": "/catalogo/",
    "description": "Il filtro per provincia non si usa da tastiera.",
}


def _url(language: str = "it") -> str:
    with translation.override(language):
        return reverse("pages:accessibility")


def _statement() -> AccessibilityStatement:
    statement = AccessibilityStatement.objects.get(pk=1)
    statement.compliance = "not_compliant"
    statement.non_accessible_it = "Le mappe non hanno un'alternativa testuale."
    statement.non_accessible_en = "The maps have no text alternative."
    statement.feedback_email = "accessibilita@agenzia.example.it"
    statement.save()
    return statement


def test_it_shows_the_statement_in_italian(client):
    _statement()
    page = client.get(_url("it")).content.decode()
    assert "non conforme" in page
    assert "Le mappe non hanno un&#x27;alternativa testuale." in page
    assert "accessibilita@agenzia.example.it" in page


def test_it_shows_the_statement_in_english(client):
    _statement()
    page = client.get(_url("en")).content.decode()
    assert "not compliant" in page
    assert "The maps have no text alternative." in page
    assert "Le mappe" not in page


def test_it_shows_a_default_text_without_the_row(client, settings):
    AccessibilityStatement.objects.all().delete()
    page = client.get(_url("en")).content.decode()
    assert "this statement will be completed" in page
    assert settings.ACCESSIBILITY_FEEDBACK_EMAIL in page


@time_machine.travel(dt.datetime(2026, 3, 10, 8, tzinfo=dt.UTC), tick=False)
def test_it_saves_a_report_due_in_30_days_and_mails_staff(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    _statement()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(), REPORT, follow=True)
    assert "entro 30 giorni" in response.content.decode()
    report = AccessibilityReport.objects.get()
    assert report.due_on == dt.date(2026, 4, 9)
    assert report.email == "anna@example.it" and report.language == "it"
    (mail,) = mailoutbox
    assert mail.to == ["accessibilita@agenzia.example.it"]
    assert "09/04/2026" in mail.subject
    assert "Il filtro per provincia" in mail.body


def test_it_takes_an_anonymous_report(client):
    response = client.post(_url(), {"description": "Contrasto basso nel piè di pagina."})
    assert response.status_code == 302
    assert AccessibilityReport.objects.get().email == ""


def test_it_refuses_a_bad_email_with_a_message(client):
    response = client.post(_url("en"), {**REPORT, "email": "anna@"})
    assert response.status_code == 200
    assert "Write a valid e-mail address, or leave it empty." in response.content.decode()
    assert not AccessibilityReport.objects.exists()


def test_it_throttles_the_form(client, settings):
    settings.ACCESSIBILITY_FORM_RATE_PER_HOUR = 2
    assert client.post(_url(), REPORT).status_code == 302
    assert client.post(_url(), REPORT).status_code == 302
    assert client.post(_url(), REPORT).status_code == 429
    assert AccessibilityReport.objects.count() == 2


def test_its_query_count_does_not_grow(client, django_assert_max_num_queries):
    _statement()
    with django_assert_max_num_queries(3):
        assert client.get(_url()).status_code == 200
