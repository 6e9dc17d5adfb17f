import pytest

from monitoring.outreach.models import Event
from monitoring.outreach.services import outreach_demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_events_load_once(activity):
    outreach_demo_load()
    outreach_demo_load()
    assert Event.objects.filter(is_published=True).count() == 2
