import pytest

from trinno_portal.tasks import health_check


@pytest.mark.django_db
def test_it_round_trips_a_task_eagerly_without_a_broker():
    result = health_check.delay()
    assert result.get(timeout=5)["ok"] is True
