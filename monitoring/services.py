"""Writes of the monitoring: reference data, snapshots, the plan's progress and risks,
and the reports (requested, built by a Celery job, e-mailed monthly)."""

import datetime as dt
import hashlib
import json
import logging
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from trinno_portal.accounts.models import User
from trinno_portal.accounts.roles import Role
from trinno_portal.lib.cache import cache_version, cache_version_bump
from trinno_portal.lib.email import send_templated_email

from . import report_content, report_pdf, report_xlsx, reports, rules, selectors
from .models import (
    Activity,
    CommonIndicator,
    Indicator,
    IndicatorSnapshot,
    Player,
    ProgressStatus,
    Report,
    ReportState,
    Risk,
    RiskStatus,
    SubActivity,
)

logger = logging.getLogger(__name__)

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "monitoring.json"


class MonitoringError(Exception):
    """A refused request, with a message for the user."""


# --- Reference data -------------------------------------------------------------------


@transaction.atomic
def monitoring_fixtures_load(*, path: Path = FIXTURE) -> str:
    """Load indicators, players, activities and risks; idempotent. Texts, targets and
    dates follow the file; progress, statuses and notes are staff's and stay."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data["indicators"]:
        item = dict(item, target=Decimal(item["target"]))
        Indicator.objects.update_or_create(code=item.pop("code"), defaults=item)
    players = {}
    for item in data["players"]:
        item = dict(item)
        code = item.pop("code")
        players[code], _ = Player.objects.update_or_create(code=code, defaults=item)
    activities = {}
    for item in data["activities"]:
        item = dict(item)
        subs, player_codes = item.pop("subactivities"), item.pop("players")
        activity, _ = Activity.objects.update_or_create(code=item.pop("code"), defaults=item)
        activity.players.set([players[code] for code in player_codes])
        activities[activity.code] = activity
        for sub in subs:
            sub = dict(
                sub,
                activity=activity,
                planned_start=dt.date.fromisoformat(sub["planned_start"]),
                planned_end=dt.date.fromisoformat(sub["planned_end"]),
            )
            SubActivity.objects.update_or_create(code=sub.pop("code"), defaults=sub)
    for item in data["risks"]:
        item = dict(item, activity=activities[item["activity"]])
        Risk.objects.update_or_create(code=item.pop("code"), defaults=item)
    for item in data.get("common_indicators", []):
        item = dict(item, target=Decimal(item["target"]))
        CommonIndicator.objects.update_or_create(code=item.pop("code"), defaults=item)
    return (
        f"{len(data['indicators'])} indicators, {len(data['activities'])} activities, "
        f"{len(data['players'])} players, {len(data['risks'])} risks"
    )


# --- Snapshots ------------------------------------------------------------------------


def snapshots_take(
    *, taken_on: dt.date, period_end: dt.date, period_start: dt.date = rules.PLAN_START
) -> int:
    """Store every indicator's value over [period_start, period_end] as of `taken_on`.
    Taking it again the same day replaces the values (same key): idempotent."""
    values = selectors.indicator_values(period_start, period_end)
    IndicatorSnapshot.objects.bulk_create(
        [
            IndicatorSnapshot(
                indicator=v.indicator,
                taken_on=taken_on,
                period_start=period_start,
                period_end=period_end,
                value=v.value,
            )
            for v in values
        ],
        update_conflicts=True,
        unique_fields=["indicator", "taken_on"],
        update_fields=["period_start", "period_end", "value"],
    )
    return len(values)


def snapshots_monthly(*, today: dt.date) -> int:
    """The monthly job: the values at the end of the previous month."""
    _first, last = rules.previous_month(today)
    return snapshots_take(taken_on=today, period_end=last)


# --- The action plan ------------------------------------------------------------------


def subactivity_update(
    *, subactivity: SubActivity, progress: int, status: str, note: str, by: User
) -> SubActivity:
    if not 0 <= progress <= 100:
        raise MonitoringError("progress")
    if status not in ProgressStatus.values:
        raise MonitoringError("status")
    # Completed means 100 %: the two fields must not tell different stories.
    if status == ProgressStatus.DONE:
        progress = 100
    subactivity.progress, subactivity.status, subactivity.note = progress, status, note
    subactivity.updated_by = by
    subactivity.save(update_fields=["progress", "status", "note", "updated_by", "updated_at"])
    dashboard_cache_bump()
    return subactivity


def risk_update(*, risk: Risk, status: str, note: str) -> Risk:
    if status not in RiskStatus.values:
        raise MonitoringError("status")
    risk.status, risk.note = status, note
    risk.save(update_fields=["status", "note", "updated_at"])
    dashboard_cache_bump()
    return risk


# The cached dashboard figures are keyed by this version (trinno_portal/lib/cache.py).
DASHBOARD_CACHE = "monitoring-dashboard"


def dashboard_cache_version() -> int:
    return cache_version(DASHBOARD_CACHE)


def dashboard_cache_bump() -> None:
    """A change the staff make to the plan shows on the dashboard at once."""
    cache_version_bump(DASHBOARD_CACHE)


# --- Reports --------------------------------------------------------------------------


def report_request(
    *,
    by: User | None,
    start: dt.date,
    end: dt.date,
    language: str,
    kind: str = "on_demand",
    commentary: str = "",
    figures_from: Report | None = None,
    queue: bool = True,
) -> Report:
    """Record a report request and (with `queue`) queue its job after commit."""
    errors = rules.period_errors(start, end, timezone.localdate())
    if errors:
        raise MonitoringError(errors[0])
    if language not in dict(settings.LANGUAGES):
        raise MonitoringError("language")
    parameters = {"start": start.isoformat(), "end": end.isoformat(), "kind": kind}
    if figures_from is not None:
        parameters["figures_from"] = figures_from.pk
    report = Report.objects.create(
        requested_by=by,
        language=language,
        parameters=parameters,
        data_date=end,
        figures=dict(figures_from.figures) if figures_from is not None else {},
        # Generated again: the content the first one printed, so the same file.
        content=dict(figures_from.content) if figures_from is not None else {},
        commentary=figures_from.commentary if figures_from is not None else commentary,
    )
    if queue:
        from .tasks import build_report

        transaction.on_commit(lambda: build_report.delay(report.pk))
    return report


def report_regenerate(*, report: Report, by: User | None) -> Report:
    """A new rendering of a past report from the content it stored: the same figures,
    plan, commentary and identity, so the same PDF; the XLSX's list of operations is
    read again."""
    return report_request(
        by=by,
        start=report.period_start,
        end=report.period_end,
        language=report.language,
        kind=report.parameters.get("kind", "on_demand"),
        figures_from=report,
    )


def _claim(report_id: int) -> bool:
    """queued -> running, or take over a run whose worker died (older than the task time
    limit). A guarded UPDATE: of two workers given the same id, one wins."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimable = Q(state=ReportState.QUEUED) | Q(state=ReportState.RUNNING, started_at__lt=stale)
    return bool(
        Report.objects.filter(claimable, pk=report_id).update(
            state=ReportState.RUNNING, started_at=now, progress=5, error=""
        )
    )


def _progress(report: Report, percent: int) -> None:
    Report.objects.filter(pk=report.pk, state=ReportState.RUNNING).update(progress=percent)


def report_build(*, report_id: int) -> bool:
    """Build the PDF and XLSX of a queued report; False if there was nothing to do
    (already built, or being built by another worker)."""
    if not _claim(report_id):
        return False
    report = Report.objects.get(pk=report_id)
    try:
        with translation.override(report.language):
            # A report generated again renders the content its source stored: the same
            # file. A new report computes it now: a few aggregate queries.
            content = report.content or report_content.report_content_build(report)
            _progress(report, 30)
            # Reports stored before the outreach was recorded have none: no section.
            pdf = report_pdf.report_pdf_render(content, outreach=content.get("outreach"))
            _progress(report, 50)
            # The operations are read from the database while the sheet is written, never
            # held whole (docs/performance.md).
            operations = reports.operations_iter(report.period_start, report.period_end)
            xlsx = report_xlsx.render_xlsx(content, operations=operations)
            _progress(report, 90)
    except Exception as exc:  # the record must say it failed, whatever the cause
        logger.exception("Monitoring report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(
            state=ReportState.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return False
    name = rules.report_filename(
        data_date=report.data_date, language=report.language, report_id=report.pk, ext="pdf"
    )
    report.file.save(name, ContentFile(pdf), save=False)
    report.xlsx_file.save(name.replace(".pdf", ".xlsx"), ContentFile(xlsx), save=False)
    Report.objects.filter(pk=report_id, state=ReportState.RUNNING).update(
        file=report.file.name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        xlsx_file=report.xlsx_file.name,
        xlsx_sha256=hashlib.sha256(xlsx).hexdigest(),
        content=content,
        figures=report_content.content_figures(content),
        state=ReportState.DONE,
        progress=100,
        finished_at=timezone.now(),
    )
    return True


def officials() -> list[User]:
    return list(
        User.objects.filter(groups__name=Role.REGION_OFFICIAL, is_active=True)
        .order_by("email")
        .distinct()
    )


def report_monthly_send(*, today: dt.date) -> Report | None:
    """The monthly report: built for the end of the previous month, in Italian, and
    e-mailed once to every Region official. Running it twice sends nothing twice."""
    _first, last = rules.previous_month(today)
    report = Report.objects.filter(
        parameters__kind="monthly", data_date=last, state=ReportState.DONE
    ).first()
    if report is None:
        # Built here, in the beat task's worker, since the e-mail needs the file.
        report = report_request(
            by=None, start=rules.PLAN_START, end=last, language="it", kind="monthly", queue=False
        )
        report_build(report_id=report.pk)
        report.refresh_from_db()
    if report.state != ReportState.DONE:
        return None
    # Claimed before sending: a crash half-way leaves some officials without the mail
    # (they find the report in the dashboard) rather than mailing the others twice.
    claimed = Report.objects.filter(pk=report.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return report
    with report.file.open("rb") as handle:
        pdf = handle.read()
    attachment = (Path(report.file.name).name, pdf, "application/pdf")
    # One message each: officials of different offices need not see each other's address.
    for official in officials():
        send_templated_email(
            template_prefix="emails/monitoring/monthly_report",
            context={"report": report, "period_end": last, "user": official},
            to=[official.email],
            language="it",
            attachments=[attachment],
        )
    return report
