"""The public pages (list, registration, own page, survey), the advice form (throttled) and
the staff check-in page (404 for anyone else)."""

import pytest
from django.urls import reverse

from monitoring.outreach.models import Advice, Registration

pytestmark = pytest.mark.django_db

PERSON = {
    "kind": "person",
    "full_name": "Anna Bianchi",
    "email": "anna@example.it",
    "province": "AR",
}


def test_the_list_and_page_show_published_events_only(client, event, activity):
    from .conftest import make_event

    hidden = make_event(activity, title_it="Segreto", is_published=False)
    page = client.get(reverse("outreach:event_list"))
    assert event.title_it in page.content.decode() and "Segreto" not in page.content.decode()
    assert client.get(reverse("outreach:event_detail", args=[hidden.pk])).status_code == 404
    english = client.get(f"/en/eventi/{event.pk}/")
    assert english.status_code == 200 and "Workshop 4.0" in english.content.decode()


def test_registering_twice_shows_a_clear_message(client, event):
    url = reverse("outreach:event_detail", args=[event.pk])
    first = client.post(url, PERSON)
    assert first.status_code == 302
    second = client.post(url, PERSON)
    assert second.status_code == 200
    assert "anna@example.it" in second.content.decode()
    assert Registration.objects.count() == 1


def test_an_enterprise_needs_a_valid_partita_iva(client, event):
    url = reverse("outreach:event_detail", args=[event.pk])
    data = {**PERSON, "kind": "enterprise", "company_name": "Oro srl", "vat_number": "123"}
    data["supply_chain"] = "jewellery_other_manufacturing"
    response = client.post(url, data)
    assert response.status_code == 200 and not Registration.objects.exists()


def test_the_own_page_cancels(client, event):
    client.post(reverse("outreach:event_detail", args=[event.pk]), PERSON)
    registration = Registration.objects.get()
    url = reverse("outreach:registration_manage", args=[registration.token])
    assert client.post(url).status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_check_in_is_for_staff_only(client, event, applicant, staff_user):
    url = reverse("outreach:check_in", args=[event.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(applicant)
    assert client.get(url).status_code == 404
    client.post(reverse("outreach:event_detail", args=[event.pk]), PERSON)
    client.force_login(staff_user)
    page = client.get(url, {"q": "bianchi"})
    assert page.status_code == 200 and "Anna Bianchi" in page.content.decode()
    registration = Registration.objects.get()
    client.post(url, {"registration": registration.pk, "q": ""})
    registration.refresh_from_db()
    assert registration.checked_in_by == staff_user


def test_the_advice_form_opens_a_contact_and_is_throttled(client, settings):
    settings.ADVICE_FORM_RATE_PER_HOUR = 2
    url = reverse("outreach:advice_request")
    data = {"full_name": "Anna", "email": "anna@example.it", "topic": "audit", "enquiry": "?"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "vat_number": "123"}).status_code == 200  # refused VAT
    assert client.post(url, data).status_code == 429
    advice = Advice.objects.get()
    assert advice.channel == "web" and advice.status == "open"
