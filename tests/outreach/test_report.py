"""The outreach section of the monitoring report: its figures, and its place in the PDF."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string

from monitoring.outreach.models import Advice, AttendeeKind, Registration
from monitoring.outreach.report import outreach_content
from monitoring.report_pdf import OUTREACH_TEMPLATE
from tests.factories import ApplicationFactory, EnterpriseFactory

from .conftest import make_event

pytestmark = pytest.mark.django_db
ROME = ZoneInfo("Europe/Rome")


def test_it_counts_events_participants_advice_and_who_then_applied(activity):
    starts = dt.datetime(2025, 5, 10, 9, tzinfo=ROME)
    event = make_event(activity, starts_at=starts)
    make_event(activity, starts_at=dt.datetime(2024, 5, 10, 9, tzinfo=ROME))  # before
    applied, idle = EnterpriseFactory(), EnterpriseFactory(province="FI")
    for n, enterprise in enumerate((applied, idle, None)):
        Registration.objects.create(
            event=event,
            kind=AttendeeKind.ENTERPRISE if enterprise else AttendeeKind.PERSON,
            status="confirmed",
            full_name="x",
            email=f"{n}@x.it",
            enterprise=enterprise,
            vat_number=enterprise.vat_number if enterprise else "",
            province=enterprise.province if enterprise else "AR",
            checked_in_at=starts,
        )
    ApplicationFactory(enterprise=applied, submitted_at=starts + dt.timedelta(days=3))
    ApplicationFactory(enterprise=idle, submitted_at=starts - dt.timedelta(days=3))
    Advice.objects.create(
        channel="web", topic="voucher", enquiry="?", full_name="y", opened_at=starts
    )
    content = outreach_content(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert content["events"] == 1
    assert content["enterprises_present"] == 2 and content["enterprises_applied"] == 1
    assert sorted(row["participants"] for row in content["participants"]) == [1, 2]
    assert [row["participants"] for row in content["by_province"]] == [2, 1]
    assert content["advice"] == [{"label": "Voucher formativi", "contacts": 1}] or (
        content["advice"][0]["contacts"] == 1
    )
    html = render_to_string(OUTREACH_TEMPLATE, {"outreach": content})
    assert 'id="outreach"' in html and "<td>1</td>" not in html  # figures in .num cells
    assert html.count('class="num"') >= 6
