"""The outreach part of the monitoring report: events of the period by kind, their
participants by kind and province, advice by topic, and how many participating
enterprises then applied. Aggregates only (five queries), kept in Report.content so that
a report generated again prints the same (docs/monitoring.md, "Reports")."""

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from monitoring import rules as monitoring_rules
from trinno_portal.accounts.geography import PROVINCES
from trinno_portal.funding.models import Application

from .models import (
    Advice,
    AttendeeKind,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
    Topic,
)


def outreach_content(start: dt.date, end: dt.date) -> dict[str, Any]:
    lower, upper = monitoring_rules.period_bounds(start, end, timezone.get_current_timezone())
    events = Event.objects.filter(starts_at__gte=lower, starts_at__lt=upper).order_by()
    kinds = dict(EventKind.choices)
    by_kind = [
        {"label": str(kinds[row["kind"]]), "events": row["n"]}
        for row in events.values("kind").annotate(n=Count("id")).order_by("kind")
    ]
    present = Registration.objects.filter(
        event__in=events, status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False
    ).order_by()
    attendee_kinds = dict(AttendeeKind.choices)
    participants = [
        {"label": str(attendee_kinds[row["kind"]]), "participants": row["n"]}
        for row in present.values("kind").annotate(n=Count("id")).order_by("kind")
    ]
    provinces = dict(PROVINCES)
    by_province = [
        {"label": str(provinces.get(row["province"], row["province"])), "participants": row["n"]}
        for row in present.values("province").annotate(n=Count("id")).order_by("-n", "province")
    ]
    # An enterprise "then applied" if it submitted an application after the event began.
    applied = Application.objects.filter(
        enterprise_id=OuterRef("enterprise_id"),
        submitted_at__gte=OuterRef("event__starts_at"),
    )
    enterprises = present.filter(enterprise__isnull=False).aggregate(
        present=Count("enterprise", distinct=True),
        applied=Count("enterprise", distinct=True, filter=Q(Exists(applied))),
    )
    topics = dict(Topic.choices)
    advice = [
        {"label": str(topics[row["topic"]]), "contacts": row["n"]}
        for row in Advice.objects.filter(opened_at__gte=lower, opened_at__lt=upper)
        .order_by()
        .values("topic")
        .annotate(n=Count("id"))
        .order_by("topic")
    ]
    return {
        "events": sum(row["events"] for row in by_kind),
        "by_kind": by_kind,
        "participants": participants,
        "by_province": by_province,
        "enterprises_present": enterprises["present"],
        "enterprises_applied": enterprises["applied"],
        "advice": advice,
    }
