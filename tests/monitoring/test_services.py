import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from monitoring import services, tasks
from monitoring.models import Indicator, IndicatorSnapshot, Report, Risk, SubActivity

from .conftest import EXPECTED, Builder, at

pytestmark = pytest.mark.django_db


def test_it_loads_the_plan_idempotently_keeping_staffs_progress(plan, staff_user):
    sub = SubActivity.objects.get(code="a3-7")
    services.subactivity_update(
        subactivity=sub, progress=60, status="in_progress", note="", by=staff_user
    )
    services.risk_update(risk=Risk.objects.get(code="r3"), status="mitigated", note="Incontri CNA")
    services.monitoring_fixtures_load()
    assert Indicator.objects.count() == 8
    assert SubActivity.objects.count() == 24
    assert Risk.objects.count() == 3
    assert SubActivity.objects.get(code="a3-7").progress == 60
    assert Risk.objects.get(code="r3").status == "mitigated"
    assert Risk.objects.get(code="r3").probability == "high"


def test_it_marks_a_completed_subactivity_100_percent(plan, staff_user):
    sub = SubActivity.objects.get(code="a1-1")
    services.subactivity_update(subactivity=sub, progress=70, status="done", note="", by=staff_user)
    assert SubActivity.objects.get(code="a1-1").progress == 100


def test_it_takes_monthly_snapshots_once_per_day(dataset, time_machine):
    time_machine.move_to(at(2026, 1, 1, 3, 0))
    assert services.snapshots_monthly(today=dt.date(2026, 1, 1)) == 8
    assert services.snapshots_monthly(today=dt.date(2026, 1, 1)) == 8
    snapshots = IndicatorSnapshot.objects.filter(taken_on=dt.date(2026, 1, 1))
    assert snapshots.count() == 8
    # From the plan's start (April 2019) to the end of December 2025: the dataset's 2025
    # figures, plus nothing before (the 2024 decision of E5 counts since 2019).
    values = {s.indicator.code: s.value for s in snapshots.select_related("indicator")}
    assert values["i7"] == EXPECTED["i7"]
    assert values["i3"] == EXPECTED["i3"] + 1  # E5, approved on 2024-12-31
    assert {s.period_end for s in snapshots} == {dt.date(2025, 12, 31)}


def test_it_draws_the_trend_from_the_snapshots(dataset):
    from monitoring import reports

    services.snapshots_take(taken_on=dt.date(2025, 4, 1), period_end=dt.date(2025, 3, 31))
    data = reports.report_data_build(dt.date(2019, 4, 1), dt.date(2025, 12, 31))
    i2 = next(r for r in data.indicators if r.indicator.code == "i2")
    assert [(p.on, p.value) for p in i2.trend] == [
        (dt.date(2025, 3, 31), Decimal("2")),  # E5 (December 2024), E1 (March)
        (dt.date(2025, 12, 31), Decimal("3")),  # and E2 (June)
    ]


def test_it_emails_the_monthly_report_to_officials_once(dataset, official, time_machine, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    time_machine.move_to(at(2026, 1, 1, 6, 0))
    report_id = tasks.monthly_report()
    assert tasks.monthly_report() == report_id
    report = Report.objects.get(pk=report_id)
    assert report.state == "done" and report.parameters["kind"] == "monthly"
    assert report.data_date == dt.date(2025, 12, 31) and report.emailed_at
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [official.email]
    assert message.attachments[0][0].endswith(".pdf")
    assert message.attachments[0][1].startswith(b"%PDF")
    assert report.sha256 in message.body


def test_it_counts_new_approvals_after_a_snapshot_without_changing_it(dataset):
    services.snapshots_take(taken_on=dt.date(2026, 1, 1), period_end=dt.date(2025, 12, 31))
    Builder().app("audit", "approved", "AR", decided=at(2025, 12, 1, 9))
    snapshot = IndicatorSnapshot.objects.get(indicator__code="i8", taken_on=dt.date(2026, 1, 1))
    assert snapshot.value == EXPECTED["i8"]
