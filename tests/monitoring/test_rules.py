import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitoring import rules

ROME = ZoneInfo("Europe/Rome")


def test_it_makes_a_half_open_interval_of_whole_days():
    lower, upper = rules.period_bounds(dt.date(2025, 3, 30), dt.date(2025, 3, 30), ROME)
    # The day DST starts in Italy lasts 23 hours.
    assert upper.astimezone(dt.UTC) - lower.astimezone(dt.UTC) == dt.timedelta(hours=23)
    assert lower.tzinfo is ROME


def test_it_refuses_a_period_ending_before_it_starts():
    with pytest.raises(ValueError):
        rules.period_bounds(dt.date(2025, 2, 1), dt.date(2025, 1, 1), ROME)
    today = dt.date(2025, 6, 1)
    assert rules.period_errors(dt.date(2025, 2, 1), dt.date(2025, 1, 1), today) == [
        "end_before_start"
    ]
    assert rules.period_errors(dt.date(2025, 2, 1), dt.date(2025, 6, 2), today) == ["end_in_future"]
    assert rules.period_errors(None, today, today) == ["missing"]


def test_it_gives_the_previous_month():
    assert rules.previous_month(dt.date(2026, 1, 1)) == (
        dt.date(2025, 12, 1),
        dt.date(2025, 12, 31),
    )
    assert rules.previous_month(dt.date(2024, 3, 15)) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


@given(
    value=st.decimals(min_value=0, max_value=10**9, places=2),
    target=st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2),
)
def test_it_computes_attainment_exactly_to_one_decimal(value, target):
    percent = rules.attainment_percent(value, target)
    assert percent == percent.quantize(Decimal("0.1"))
    assert abs(percent - value * 100 / target) <= Decimal("0.05")
    assert (percent >= 100) == (value * 100 / target >= Decimal("99.95"))


def test_it_counts_any_value_as_attaining_a_zero_target():
    assert rules.attainment_percent(Decimal(0), Decimal(0)) == Decimal("100.0")


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=30))
def test_it_never_shows_an_activity_complete_while_a_part_is_not(progresses):
    progress = rules.activity_progress(progresses)
    assert min(progresses) <= progress <= max(progresses)
    assert (progress == 100) == all(p == 100 for p in progresses)


@given(
    start=st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2021, 1, 1)),
    days=st.integers(min_value=0, max_value=700),
    today=st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2023, 1, 1)),
)
def test_it_expects_progress_between_0_and_100_growing_with_time(start, days, today):
    end = start + dt.timedelta(days=days)
    now = rules.expected_progress(planned_start=start, planned_end=end, today=today)
    later = rules.expected_progress(
        planned_start=start, planned_end=end, today=today + dt.timedelta(days=1)
    )
    assert 0 <= now <= later <= 100


def test_it_calls_late_only_what_is_unfinished_after_its_end():
    end = dt.date(2019, 12, 31)
    assert rules.subactivity_is_late(
        planned_end=end, progress=50, status="in_progress", today=dt.date(2020, 1, 1)
    )
    assert not rules.subactivity_is_late(
        planned_end=end, progress=50, status="in_progress", today=end
    )
    assert not rules.subactivity_is_late(
        planned_end=end, progress=100, status="done", today=dt.date(2020, 1, 1)
    )
    assert not rules.subactivity_is_late(
        planned_end=end, progress=0, status="cancelled", today=dt.date(2020, 1, 1)
    )


def test_it_sums_the_tables_of_applications_from_status_and_province_groups():
    groups = [
        {
            "status": "eligible",
            "province": "AR",
            "total": 3,
            "audit": 2,
            "catalogue": 1,
            "voucher": 0,
        },
        {
            "status": "eligible",
            "province": "FI",
            "total": 2,
            "audit": 0,
            "catalogue": 2,
            "voucher": 0,
        },
        {
            "status": "eligible",
            "province": "RM",
            "total": 4,
            "audit": 4,
            "catalogue": 0,
            "voucher": 0,
        },
        {
            "status": "closed",
            "province": "FI",
            "total": 5,
            "audit": 1,
            "catalogue": 1,
            "voucher": 3,
        },
    ]
    by_status, by_province = rules.tables_by_status_and_province(groups, committed={"closed"})
    assert by_status == [
        {
            "status": "eligible",
            "total": 9,
            "tuscany": 5,
            "arezzo": 3,
            "audit": 6,
            "catalogue": 3,
            "voucher": 0,
        },
        {
            "status": "closed",
            "total": 5,
            "tuscany": 5,
            "arezzo": 0,
            "audit": 1,
            "catalogue": 1,
            "voucher": 3,
        },
    ]
    assert by_province == [
        {"province": "FI", "total": 7, "committed": 5},
        {"province": "RM", "total": 4, "committed": 0},
        {"province": "AR", "total": 3, "committed": 0},
    ]
