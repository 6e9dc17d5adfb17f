"""E-mails of the outreach, each sent after the change that causes it has committed, in
the registrant's language, with the event's calendar file where a place is held."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from trinno_portal.lib.email import send_templated_email

from . import rules
from .models import Registration


def _link(registration: Registration, name: str) -> str:
    with translation.override(registration.language):
        path = reverse(name, args=[registration.token])
    return settings.PORTAL_BASE_URL + path


def event_calendar(registration: Registration, *, cancelled: bool = False) -> bytes:
    event = registration.event
    with translation.override(registration.language):
        return rules.ics_calendar(
            rules.CalendarEvent(
                # Stable per event, so a calendar updates the same entry (RFC 5545 3.8.4.7).
                uid=f"event-{event.pk}@trinno.arezzoinnovazione.it",
                starts_at=event.starts_at,
                ends_at=event.ends_at,
                stamp=timezone.now(),
                summary=event.title,
                description=event.description,
                location=", ".join(part for part in (event.venue, event.address) if part),
                url=settings.PORTAL_BASE_URL + event.get_absolute_url(),
                cancelled=cancelled,
            )
        )


def registration_notify(registration: Registration, message: str) -> None:
    """`message`: confirmed, waiting, promoted, reminder or cancelled."""
    attachments = []
    if message in ("confirmed", "promoted", "reminder"):
        attachments.append(("evento.ics", event_calendar(registration), "text/calendar"))
    elif message == "cancelled":
        attachments.append(
            ("evento.ics", event_calendar(registration, cancelled=True), "text/calendar")
        )
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": registration.event,
            "cancel_url": _link(registration, "outreach:registration_manage"),
            "feedback_url": _link(registration, "outreach:feedback"),
        }
        send_templated_email(
            template_prefix=f"emails/outreach/{message}",
            context=context,
            to=[registration.email],
            language=registration.language,
            attachments=attachments,
        )
