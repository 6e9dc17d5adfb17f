"""The monitoring dashboard's figures: computed once for every official, never by many
requests at once.

The figures aggregate every application (seconds of PostgreSQL at a million
applications), and a minute-old dashboard misleads nobody (issue 8). So:

- a fresh entry (younger than FRESH_SECONDS) is served as it is;
- a stale entry is served as it is too, and ONE Celery job recomputes it: the first
  request that sees it stale takes a short lock (cache.add is atomic on Redis) and queues
  `monitoring.refresh_dashboard`; the others see the lock and do nothing;
- with no entry at all (the first visit of the day, or a plan change that moved the
  version), one request computes it while the others wait for its result, up to
  COLD_WAIT_SECONDS, instead of each running the same aggregates: at a million
  applications six officials opening the dashboard at once kept both cores busy for
  twenty seconds and every other page of the portal waited (docs/performance.md).

The key holds services.dashboard_cache_version(), which a staff change to the plan
bumps, so such a change shows at once; and the language, because the charts' labels are
rendered text.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.cache import cache
from django.utils import translation

from . import reports
from .services import dashboard_cache_version

FRESH_SECONDS = 60
# An entry outlives its freshness so that a stale one can be served while the job runs.
KEEP_SECONDS = 24 * 3600
# Longer than a refresh takes at the region's size; if a job dies, the next request
# after it queues another.
REFRESH_LOCK_SECONDS = 120
COLD_WAIT_SECONDS = 30.0
COLD_POLL_SECONDS = 0.1


def _key(start: dt.date, end: dt.date, language: str) -> str:
    return (
        f"monitoring:dashboard:v{dashboard_cache_version()}:"
        f"{start:%Y-%m-%d}:{end:%Y-%m-%d}:{language}"
    )


def dashboard_data_refresh(*, start: dt.date, end: dt.date, language: str) -> reports.ReportData:
    """Compute the dashboard's figures and charts and store them for everyone."""
    key = _key(start, end, language)
    try:
        with translation.override(language):
            data = reports.report_data_build(start, end)
            reports.report_charts_add(data)
        cache.set(key, (time.time(), data), KEEP_SECONDS)
    finally:
        cache.delete(f"{key}:refreshing")
    return data


def dashboard_data(*, start: dt.date, end: dt.date, language: str) -> reports.ReportData:
    """The figures of [start, end] in `language`, at most about a minute old."""
    from .tasks import refresh_dashboard  # tasks import this module's services

    key = _key(start, end, language)
    entry = cache.get(key)
    if entry is not None:
        computed_at, data = entry
        stale = time.time() - computed_at > FRESH_SECONDS
        if stale and cache.add(f"{key}:refreshing", 1, REFRESH_LOCK_SECONDS):
            refresh_dashboard.delay(start.isoformat(), end.isoformat(), language)
        return data
    if cache.add(f"{key}:refreshing", 1, REFRESH_LOCK_SECONDS):
        return dashboard_data_refresh(start=start, end=end, language=language)
    # Another request is computing it: wait for its result rather than compete with it.
    deadline = time.monotonic() + COLD_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(COLD_POLL_SECONDS)
        entry = cache.get(key)
        if entry is not None:
            return entry[1]
    return dashboard_data_refresh(start=start, end=end, language=language)
