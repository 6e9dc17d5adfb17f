import datetime as dt

import pytest
from django.utils import timezone

from monitoring.models import Activity
from monitoring.outreach.models import Event, EventKind


@pytest.fixture
def activity(db) -> Activity:
    # The plan's fixtures (load_portal_data) may have it already.
    return Activity.objects.get_or_create(
        code="a1", defaults={"title_it": "Attività 1", "title_en": "Activity 1"}
    )[0]


def make_event(activity: Activity, **kwargs) -> Event:
    starts = kwargs.pop("starts_at", timezone.now() + dt.timedelta(days=10))
    fields = {
        "kind": EventKind.WORKSHOP,
        "title_it": "Officina 4.0",
        "title_en": "Workshop 4.0",
        "activity": activity,
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=3),
        "venue": "Arezzo Innovazione",
        "address": "Via Ferrari 1, Arezzo",
        "capacity": 2,
        "is_published": True,
    }
    fields.update(kwargs)
    return Event.objects.create(**fields)


@pytest.fixture
def event(activity) -> Event:
    return make_event(activity)
