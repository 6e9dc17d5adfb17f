"""The dashboard's figures are computed once for everyone: fresh entries are served,
stale ones are served while one job recomputes them, and a cold start is computed by
one request while the others wait for it."""

import threading
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connections

from monitoring import dashboard, reports
from monitoring.services import dashboard_cache_bump

from .conftest import END, START

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch):
    """Count the computations of the figures (the expensive part)."""
    calls = []
    real = reports.report_data_build

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, "report_data_build", counting)
    return calls


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(dashboard.time, "time", lambda: now[0])
    return now


@pytest.fixture
def queued(monkeypatch):
    from monitoring import tasks

    jobs = []
    monkeypatch.setattr(tasks.refresh_dashboard, "delay", lambda *args: jobs.append(args))
    return jobs


def _get():
    return dashboard.dashboard_data(start=START, end=END, language="it")


def test_it_computes_once_and_serves_the_fresh_figures(dataset, builds, clock, queued):
    first = _get()
    clock[0] += dashboard.FRESH_SECONDS - 1
    second = _get()
    assert len(builds) == 1 and queued == []
    by_code = {row.indicator.code: row.value for row in second.indicators}
    assert (
        by_code["i1"] == Decimal("7") == {r.indicator.code: r.value for r in first.indicators}["i1"]
    )


def test_it_serves_stale_figures_and_queues_one_refresh(dataset, builds, clock, queued):
    _get()
    clock[0] += dashboard.FRESH_SECONDS + 1
    for _ in range(5):  # five officials at once: the stale figures, one job
        assert _get().indicators
    assert len(builds) == 1
    assert queued == [(START.isoformat(), END.isoformat(), "it")]


def test_the_refresh_job_stores_new_figures_and_frees_the_next_refresh(
    dataset, builds, clock, queued
):
    from monitoring.tasks import refresh_dashboard

    _get()
    clock[0] += dashboard.FRESH_SECONDS + 1
    _get()
    refresh_dashboard.run(*queued[0])  # what the worker does
    assert len(builds) == 2
    clock[0] += 1
    _get()  # fresh again: nothing queued
    assert len(queued) == 1
    clock[0] += dashboard.FRESH_SECONDS + 1
    _get()  # stale again, and the lock was released by the job: a second refresh
    assert len(queued) == 2


def test_a_cold_start_is_computed_by_one_request_while_the_others_wait(
    dataset, builds, monkeypatch
):
    key = dashboard._key(START, END, "it")
    cache.add(f"{key}:refreshing", 1, 60)  # another request is computing it
    waited = []

    def sleep(seconds):
        waited.append(seconds)
        if len(waited) == 3:  # ... and finishes while this one waits
            dashboard.dashboard_data_refresh(start=START, end=END, language="it")

    monkeypatch.setattr(dashboard.time, "sleep", sleep)
    data = _get()
    assert len(builds) == 1 and len(waited) == 3
    assert {r.indicator.code: r.value for r in data.indicators}["i1"] == Decimal("7")


def test_a_waiting_request_computes_itself_if_the_other_never_finishes(
    dataset, builds, monkeypatch
):
    key = dashboard._key(START, END, "it")
    cache.add(f"{key}:refreshing", 1, 60)
    monkeypatch.setattr(dashboard, "COLD_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(dashboard, "COLD_POLL_SECONDS", 0.01)
    assert _get().indicators
    assert len(builds) == 1


def test_a_plan_change_is_computed_at_once(dataset, builds, clock, queued):
    _get()
    dashboard_cache_bump()
    _get()
    assert len(builds) == 2 and queued == []


def test_languages_are_kept_apart(dataset, builds, clock, queued):
    italian = dashboard.dashboard_data(start=START, end=END, language="it")
    english = dashboard.dashboard_data(start=START, end=END, language="en")
    assert len(builds) == 2
    assert italian.comparison_svg != english.comparison_svg


def test_concurrent_cold_requests_compute_once(dataset, builds, transactional_db):
    # Real threads against the real cache: only the lock holder computes.
    results, errors = [], []

    def visit():
        try:
            results.append(_get())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            # A thread's connection must not outlive it: the next flush would wait on it.
            connections.close_all()

    threads = [threading.Thread(target=visit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(results) == 4
    assert len(builds) == 1
