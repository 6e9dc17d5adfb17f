"""gunicorn's settings come from the environment, the same for production and the bench."""

import importlib
import os
from pathlib import Path

import pytest

from trinno_portal import gunicorn_conf

ROOT = Path(__file__).resolve().parents[2]


def _load(monkeypatch, **env):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_ACCESS_LOG", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return importlib.reload(gunicorn_conf)


def test_it_runs_two_threaded_processes_per_core_by_default(monkeypatch):
    conf = _load(monkeypatch)
    assert conf.workers == 2 * os.cpu_count()
    assert (conf.worker_class, conf.threads, conf.bind) == ("gthread", 4, "0.0.0.0:8000")
    assert conf.accesslog == "-"


def test_it_reads_the_environment(monkeypatch):
    conf = _load(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_THREADS="2", GUNICORN_ACCESS_LOG="")
    assert (conf.workers, conf.threads, conf.accesslog) == (3, 2, None)


def test_a_malformed_value_stops_the_start(monkeypatch):
    with pytest.raises(SystemExit, match="GUNICORN_THREADS"):
        _load(monkeypatch, GUNICORN_THREADS="many")
    _load(monkeypatch)


def test_every_web_process_uses_it():
    command = 'gunicorn", "-c", "python:trinno_portal.gunicorn_conf", "trinno_portal.wsgi"'
    assert command in (ROOT / "docker-compose.yml").read_text()
    assert command in (ROOT / "Dockerfile").read_text()
    assert "python:trinno_portal.gunicorn_conf" in (ROOT / "tests/bench/run.py").read_text()
