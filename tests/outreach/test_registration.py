"""Registrations: places, the waiting list and its promotion, one registration per address,
enterprises by portal profile or Partita IVA, check-in, feedback, reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring.outreach import services
from monitoring.outreach.models import AttendeeKind, Feedback, Registration, RegistrationStatus
from tests.factories import EnterpriseFactory, MembershipFactory, UserFactory

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _person(event, email, **kwargs):
    return services.registration_create(
        event=event,
        kind=AttendeeKind.PERSON,
        full_name=email.split("@")[0],
        email=email,
        province="AR",
        **kwargs,
    )


def test_it_fills_the_places_then_the_waiting_list(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _person(event, "a@example.it")
        second = _person(event, "b@example.it")
        third = _person(event, "c@example.it")
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waiting"]
    assert [m.to for m in mail.outbox] == [["a@example.it"], ["b@example.it"], ["c@example.it"]]
    confirmation = mail.outbox[0]
    name, content, mimetype = confirmation.attachments[0]
    assert mimetype == "text/calendar" and "BEGIN:VEVENT" in str(content)
    assert not mail.outbox[2].attachments  # a place on the waiting list is no appointment


def test_a_cancelled_place_goes_to_the_first_waiting(event, django_capture_on_commit_callbacks):
    first = _person(event, "a@example.it")
    _person(event, "b@example.it")
    waiting_1 = _person(event, "c@example.it")
    waiting_2 = _person(event, "d@example.it")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=first)
    assert promoted.pk == waiting_1.pk and promoted.status == RegistrationStatus.CONFIRMED
    assert promoted.promoted_at is not None
    waiting_2.refresh_from_db()
    assert waiting_2.status == RegistrationStatus.WAITING
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.it", "c@example.it"]
    # Cancelling twice does not promote a second one.
    assert services.registration_cancel(registration=first) is None
    waiting_2.refresh_from_db()
    assert waiting_2.status == RegistrationStatus.WAITING


def test_a_second_click_never_registers_twice(event):
    _person(event, "a@example.it")
    with pytest.raises(services.OutreachRefused) as refused:
        _person(event, "A@Example.it ")
    assert "già iscritto" in str(refused.value)  # Italian, the default language
    assert Registration.objects.filter(event=event).count() == 1


def test_after_cancelling_one_may_register_again(event):
    registration = _person(event, "a@example.it")
    services.registration_cancel(registration=registration)
    again = _person(event, "a@example.it")
    assert again.status == RegistrationStatus.CONFIRMED


def test_an_unpublished_or_started_event_refuses(activity):
    hidden = make_event(activity, is_published=False)
    started = make_event(activity, starts_at=timezone.now() - dt.timedelta(minutes=5))
    for event in (hidden, started):
        with pytest.raises(services.OutreachRefused):
            _person(event, "a@example.it")


def test_an_enterprise_by_partita_iva_is_linked_to_its_profile(event):
    enterprise = EnterpriseFactory(ateco_code="14.13.10")
    registration = services.registration_create(
        event=event,
        kind=AttendeeKind.ENTERPRISE,
        full_name="Maria Rossi",
        email="maria@example.it",
        province="AR",
        company_name="Moda srl",
        vat_number=f"IT {enterprise.vat_number}",
        supply_chain="fashion",
    )
    assert registration.enterprise == enterprise
    assert registration.vat_number == enterprise.vat_number


def test_a_wrong_partita_iva_is_refused_with_its_message(event):
    with pytest.raises(ValidationError) as error:
        services.registration_create(
            event=event,
            kind=AttendeeKind.ENTERPRISE,
            full_name="Maria Rossi",
            email="maria@example.it",
            province="AR",
            company_name="Moda srl",
            vat_number="12345678901",
            supply_chain="fashion",
        )
    assert error.value.code == "invalid_vat_number"
    assert not Registration.objects.exists()


def test_a_portal_enterprise_only_by_its_members(event):
    enterprise = EnterpriseFactory(ateco_code="25.62.00")
    member = MembershipFactory(enterprise=enterprise).user
    registration = services.registration_create(
        event=event,
        kind=AttendeeKind.ENTERPRISE,
        full_name="M",
        email="m@example.it",
        province="FI",
        user=member,
        enterprise=enterprise,
    )
    assert registration.supply_chain == "mechanics"
    assert registration.province == enterprise.province
    with pytest.raises(services.OutreachRefused):
        services.registration_create(
            event=event,
            kind=AttendeeKind.ENTERPRISE,
            full_name="X",
            email="x@example.it",
            province="FI",
            user=UserFactory(),
            enterprise=enterprise,
        )


def test_check_in_happens_once(event):
    registration = _person(event, "a@example.it")
    staff = UserFactory()
    assert services.registration_check_in(registration=registration, by=staff) is True
    assert services.registration_check_in(registration=registration, by=staff) is False


def test_feedback_opens_after_the_event_once_per_participant(event):
    registration = _person(event, "a@example.it")
    with pytest.raises(services.OutreachRefused):
        services.feedback_submit(registration=registration, rating=5, useful=True)
    after = event.ends_at + dt.timedelta(minutes=1)
    services.feedback_submit(registration=registration, rating=4, useful=True, now=after)
    with pytest.raises(services.OutreachRefused):
        services.feedback_submit(registration=registration, rating=1, useful=False, now=after)
    registration.refresh_from_db()
    assert Feedback.objects.get(registration=registration).rating == 4


def test_reminders_and_surveys_are_sent_once(event, django_capture_on_commit_callbacks):
    registration = _person(event, "a@example.it")
    _person(event, "b@example.it")
    services.registration_check_in(registration=registration, by=UserFactory())
    mail.outbox.clear()
    early = event.starts_at - dt.timedelta(days=3)
    soon = event.starts_at - dt.timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=early) == 0
        assert services.reminders_send(now=soon) == 2
        assert services.reminders_send(now=soon) == 0
    assert len(mail.outbox) == 2 and mail.outbox[0].attachments
    mail.outbox.clear()
    after = event.ends_at + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.surveys_send(now=after) == 1  # only the one present
        assert services.surveys_send(now=after) == 0
    assert mail.outbox[0].to == ["a@example.it"]
    assert str(registration.token) in mail.outbox[0].body
