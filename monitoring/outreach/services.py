"""Writes of the outreach: registrations with their waiting list, check-in, feedback,
reminders and the advice taken in charge. Keyword-only, never a request: the public pages,
the admin, the check-in page and the reminder task call the same functions."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring import rules as monitoring_rules
from trinno_portal.accounts.models import Enterprise, User
from trinno_portal.accounts.validators import normalize_vat_number

from . import rules
from .models import (
    Advice,
    AdviceStatus,
    AttendeeKind,
    Channel,
    Event,
    Feedback,
    Registration,
    RegistrationStatus,
)
from .notifications import registration_notify


class OutreachRefused(Exception):
    """A request the rules refuse, with the message the user reads."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def _notify_on_commit(registration_id: int, message: str) -> None:
    def send() -> None:
        registration = Registration.objects.select_related("event").get(pk=registration_id)
        registration_notify(registration, message)

    transaction.on_commit(send)


def _enterprise_of_vat(vat_number: str) -> Enterprise | None:
    return Enterprise.objects.filter(vat_number=vat_number).first()


def registration_create(
    *,
    event: Event,
    kind: str,
    full_name: str,
    email: str,
    province: str,
    user: User | None = None,
    enterprise: Enterprise | None = None,
    company_name: str = "",
    vat_number: str = "",
    supply_chain: str = "",
    language: str = "it",
    now: dt.datetime | None = None,
) -> Registration:
    """A place if one is left, otherwise the waiting list. An enterprise is one on the
    portal the user is a member of, or a name with a valid Partita IVA (linked to its
    profile when the portal has one)."""
    now = now or timezone.now()
    email = email.strip().lower()
    if kind == AttendeeKind.ENTERPRISE:
        if enterprise is not None:
            if user is None or not enterprise.memberships.filter(user=user).exists():
                raise OutreachRefused(_("You can register only an enterprise you act for."))
            vat_number, company_name = enterprise.vat_number, enterprise.legal_name
            province = enterprise.province
            supply_chain = monitoring_rules.supply_chain(enterprise.ateco_code)
        else:
            vat_number = normalize_vat_number(vat_number)  # ValidationError: the form shows it
            if not company_name.strip():
                raise ValidationError(_("Write the company's name."), code="company_name")
            enterprise = _enterprise_of_vat(vat_number)
    else:
        enterprise, company_name, vat_number, supply_chain = None, "", "", ""
    with transaction.atomic():
        # The event's row lock serialises the registrations of one event: the last place is
        # given once, and the waiting list keeps the order of arrival.
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not locked.is_published or locked.starts_at <= now:
            raise OutreachRefused(_("Registration for this event is closed."))
        confirmed = locked.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        waiting = rules.registration_goes_to_waiting_list(
            capacity=locked.capacity, confirmed=confirmed
        )
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=locked,
                    kind=kind,
                    status=RegistrationStatus.WAITING if waiting else RegistrationStatus.CONFIRMED,
                    full_name=full_name.strip(),
                    email=email,
                    user=user,
                    enterprise=enterprise,
                    company_name=company_name.strip(),
                    vat_number=vat_number,
                    province=province,
                    supply_chain=supply_chain,
                    language=language,
                )
        except IntegrityError:
            # A double click, a second tab: the unique constraint registration_one_per_email.
            raise OutreachRefused(
                _("%(email)s is already registered for this event: check your e-mail.")
                % {"email": email}
            ) from None
        _notify_on_commit(registration.pk, "waiting" if waiting else "confirmed")
    return registration


def registration_cancel(
    *, registration: Registration, now: dt.datetime | None = None
) -> Registration | None:
    """Cancel a live registration; a confirmed place goes to the first on the waiting list,
    who is returned (None if nobody was waiting or the registration was no longer live)."""
    now = now or timezone.now()
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=registration.event_id)
        was = (
            Registration.objects.filter(pk=registration.pk).values_list("status", flat=True).first()
        )
        moved = Registration.objects.filter(
            pk=registration.pk,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
        ).update(status=RegistrationStatus.CANCELLED, cancelled_at=now)
        if not moved:
            return None
        _notify_on_commit(registration.pk, "cancelled")
        if was != RegistrationStatus.CONFIRMED or registration.event.starts_at <= now:
            return None
        first = (
            Registration.objects.filter(
                event_id=registration.event_id, status=RegistrationStatus.WAITING
            )
            .order_by("created_at", "id")
            .first()
        )
        if first is None:
            return None
        Registration.objects.filter(pk=first.pk, status=RegistrationStatus.WAITING).update(
            status=RegistrationStatus.CONFIRMED, promoted_at=now
        )
        _notify_on_commit(first.pk, "promoted")
    first.refresh_from_db()
    return first


def registration_check_in(
    *, registration: Registration, by: User, now: dt.datetime | None = None
) -> bool:
    """Mark a confirmed participant present; False if already checked in (another phone
    at the door got there first) or not confirmed."""
    now = now or timezone.now()
    return bool(
        Registration.objects.filter(
            pk=registration.pk, status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=True
        ).update(checked_in_at=now, checked_in_by=by)
    )


def feedback_submit(
    *,
    registration: Registration,
    rating: int,
    useful: bool,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Feedback:
    now = now or timezone.now()
    if registration.status != RegistrationStatus.CONFIRMED:
        raise OutreachRefused(_("Only participants can answer the survey."))
    if not rules.feedback_open(ends_at=registration.event.ends_at, now=now):
        raise OutreachRefused(_("The survey opens when the event is over."))
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                registration=registration, rating=rating, useful=useful, comment=comment.strip()
            )
    except IntegrityError:
        raise OutreachRefused(_("You have already answered the survey: thank you.")) from None


def reminders_send(*, now: dt.datetime | None = None, hours: int = 48) -> int:
    """Remind the confirmed participants of the events starting in the next `hours`. Each
    reminder is claimed with a guarded UPDATE, so two workers never send it twice."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + dt.timedelta(hours=hours),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            if Registration.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                _notify_on_commit(pk, "reminder")
                sent += 1
    return sent


def surveys_send(*, now: dt.datetime | None = None, days: int = 7) -> int:
    """Ask the participants checked in at the events ended in the last `days` for their
    feedback, once each (claimed like the reminders)."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        checked_in_at__isnull=False,
        survey_sent_at__isnull=True,
        event__ends_at__lte=now,
        event__ends_at__gt=now - dt.timedelta(days=days),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            if Registration.objects.filter(pk=pk, survey_sent_at__isnull=True).update(
                survey_sent_at=now
            ):
                _notify_on_commit(pk, "survey")
                sent += 1
    return sent


def advice_open(
    *,
    channel: str,
    topic: str,
    enquiry: str,
    full_name: str,
    email: str = "",
    phone: str = "",
    company_name: str = "",
    vat_number: str = "",
    province: str = "",
    handled_by: User | None = None,
    now: dt.datetime | None = None,
) -> Advice:
    """A contact taken in charge; from the public form (channel web) or typed by staff."""
    now = now or timezone.now()
    enterprise = None
    if vat_number:
        vat_number = normalize_vat_number(vat_number)
        enterprise = _enterprise_of_vat(vat_number)
    return Advice.objects.create(
        channel=channel or Channel.WEB,
        topic=topic,
        enquiry=enquiry.strip(),
        full_name=full_name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        enterprise=enterprise,
        company_name=company_name.strip(),
        vat_number=vat_number,
        province=province,
        handled_by=handled_by,
        status=AdviceStatus.OPEN,
        opened_at=now,
    )


def advice_link_enterprise(*, advice: Advice) -> None:
    """Staff typed or corrected a Partita IVA in the admin: link the profile it names."""
    if advice.vat_number:
        advice.vat_number = normalize_vat_number(advice.vat_number)
        advice.enterprise = _enterprise_of_vat(advice.vat_number)
    if advice.status == AdviceStatus.CLOSED and advice.closed_at is None:
        advice.closed_at = timezone.now()
    advice.save()


def outreach_demo_load() -> str:
    """Two published events of activity 1 for `make run` (idempotent, by title)."""
    from monitoring.models import Activity

    from .models import EventKind

    activity = Activity.objects.order_by("position", "code").first()
    if activity is None:
        return "no plan loaded"
    start = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    demo = [
        (
            EventKind.WORKSHOP,
            "Officina 4.0 per il distretto orafo",
            "Industry 4.0 workshop for the gold district",
            14,
            30,
        ),
        (
            EventKind.FOCUS_GROUP,
            "Focus group: la moda digitale",
            "Focus group: digital fashion",
            21,
            12,
        ),
    ]
    for kind, title_it, title_en, days, capacity in demo:
        begins = start + dt.timedelta(days=days)
        Event.objects.get_or_create(
            title_it=title_it,
            defaults={
                "kind": kind,
                "title_en": title_en,
                "activity": activity,
                "starts_at": begins,
                "ends_at": begins + dt.timedelta(hours=3),
                "venue": "Arezzo Innovazione",
                "address": "Via Giuseppe Ferrari 1, Arezzo",
                "capacity": capacity,
                "is_published": True,
            },
        )
    return f"{len(demo)} events"
