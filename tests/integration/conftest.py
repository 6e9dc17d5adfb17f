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


@pytest.fixture(scope="session", autouse=True)
def _empty_queue_after_the_run():
    """The tests that submit without a worker leave their outbox kicks queued; a run
    leaves the broker as it found it."""
    yield
    if os.environ.get("CELERY_BROKER_URL"):
        from trinno_portal.celery import app

        app.control.purge()


@pytest.fixture
def broker_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL")
    if not url:
        pytest.fail("Integration tests need CELERY_BROKER_URL (Redis); .ci/run sets it.")
    return url


@pytest.fixture
def celery_worker_process(transactional_db, broker_url, tmp_path):
    """A real `celery worker` process on the test database; stopped with a warm shutdown.

    The queue is purged first, so the worker never spends the test's time on messages an
    earlier, interrupted run left behind. Its log goes to a file, not to a pipe nobody
    reads (a full pipe would stop the worker mid-test); pytest shows it when the test
    fails. The fixture waits for the worker to say it is ready before the test sends work.
    """
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
    from trinno_portal.celery import app

    app.control.purge()
    log_path = tmp_path / "celery-worker.log"
    log = log_path.open("w")
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
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        try:
            wait_for(
                lambda: worker.poll() is not None or " ready." in log_path.read_text(),
                timeout=180,
            )
        except AssertionError:
            pass  # the test's own wait then fails, with the log printed below
        if worker.poll() is not None:
            pytest.fail(f"the Celery worker exited with {worker.returncode}:\n{_tail(log_path)}")
        yield worker
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        # pytest shows a fixture's output only for a test that failed.
        print(f"--- Celery worker log ({log_path}):\n{_tail(log_path)}")


def _tail(path: Path, lines: int = 80) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
