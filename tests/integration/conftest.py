"""Integration tests against real services: PostgreSQL and Redis on 127.0.0.1.

`.ci/run` runs them (`pytest -m integration`) with DATABASE_URL on PostgreSQL and
CELERY_BROKER_URL on Redis. They are never part of `make test`, which needs neither.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture
def broker_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL")
    if not url:
        pytest.fail("Integration tests need CELERY_BROKER_URL (Redis); .ci/run sets it.")
    return url


@pytest.fixture
def celery_worker_process(transactional_db, broker_url):
    """A real `celery worker` process on the test database; stopped with a warm shutdown."""
    if connection.vendor != "postgresql":
        pytest.fail("Integration tests need DATABASE_URL on PostgreSQL; .ci/run sets it.")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": broker_url,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "trinno_portal",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--pool=prefork",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield worker
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
