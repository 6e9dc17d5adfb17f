"""Celery tasks of the monitoring: each fetches by id (or date) and calls one service."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import dashboard, services


@shared_task(name="monitoring.build_report")
def build_report(report_id: int) -> bool:
    return services.report_build(report_id=report_id)


@shared_task(name="monitoring.monthly_snapshots")
def monthly_snapshots() -> int:
    return services.snapshots_monthly(today=timezone.localdate())


@shared_task(name="monitoring.monthly_report")
def monthly_report() -> int | None:
    report = services.report_monthly_send(today=timezone.localdate())
    return report.pk if report else None


@shared_task(name="monitoring.refresh_dashboard", ignore_result=True)
def refresh_dashboard(start: str, end: str, language: str) -> None:
    dashboard.dashboard_data_refresh(
        start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end), language=language
    )
