"""Click-day tests: the audit call with an opening instant, and complete drafts."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from audits.call.services import audit_application_start

from ..audits.conftest import audit_call, fill_draft, member  # noqa: F401
from ..factories import MembershipFactory

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture
def opening(audit_call):  # noqa: F811
    """Tomorrow at 10:00:00 Italian time, set on the audit call."""
    day = timezone.localdate() + dt.timedelta(days=1)
    instant = dt.datetime.combine(day, dt.time(10, 0, 0), tzinfo=ROME)
    audit_call.submissions_open_at = instant
    audit_call.save(update_fields=["submissions_open_at"])
    return instant


@pytest.fixture
def make_draft(audit_call):  # noqa: F811
    """A complete audit draft of a new enterprise, and its membership."""

    def _make():
        membership = MembershipFactory()
        application = audit_application_start(
            call=audit_call, enterprise=membership.enterprise, user=membership.user
        )
        return fill_draft(application), membership

    return _make
