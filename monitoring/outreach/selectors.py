"""Reads of the outreach: the public event list, an event's places, the check-in list and
the participants by kind, supply chain and province."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from trinno_portal.accounts.geography import PROVINCES
from trinno_portal.accounts.models import User

from .models import AttendeeKind, Event, Registration, RegistrationStatus, SupplyChain


def user_runs_events(user: User) -> bool:
    """Staff check participants in (the MFA of staff pages is the middleware's)."""
    from monitoring.selectors import user_edits_plan

    return user_edits_plan(user)


def events_public() -> QuerySet[Event]:
    return Event.objects.filter(is_published=True).annotate(
        confirmed=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        )
    )


def events_split(*, now: dt.datetime) -> tuple[list[Event], list[Event]]:
    """(upcoming, past) published events in one query: upcoming soonest first, past
    latest first."""
    events = list(events_public().select_related("activity").order_by("starts_at", "id"))
    upcoming = [event for event in events if event.ends_at > now]
    past = [event for event in reversed(events) if event.ends_at <= now]
    return upcoming, past


def checkin_list(*, event: Event, q: str = "") -> QuerySet[Registration]:
    rows = event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "enterprise"
    )
    q = q.strip()
    if q:
        rows = rows.filter(
            Q(full_name__icontains=q)
            | Q(email__icontains=q)
            | Q(company_name__icontains=q)
            | Q(enterprise__legal_name__icontains=q)
        )
    return rows.order_by("full_name", "id")


def participants_breakdown(rows: QuerySet[Registration]) -> dict[str, list[dict]]:
    """Confirmed registrations and attendance by kind, supply chain and province (three
    grouped queries)."""
    live = rows.filter(status=RegistrationStatus.CONFIRMED).order_by()
    aggregate = {
        "registered": Count("id"),
        "attended": Count("id", filter=Q(checked_in_at__isnull=False)),
    }
    labels = {
        "kind": dict(AttendeeKind.choices),
        "supply_chain": dict(SupplyChain.choices),
        "province": dict(PROVINCES),
    }
    out: dict[str, list[dict]] = {}
    for field in ("kind", "supply_chain", "province"):
        groups = list(live.values(field).annotate(**aggregate).order_by(field))
        for group in groups:
            group["label"] = str(labels[field].get(group[field], "—"))
        out[field] = groups
    return out
