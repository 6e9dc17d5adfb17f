"""Faults, on real PostgreSQL, Redis and Celery workers (docs/reliability.md).

1. A worker killed (SIGKILL) in the middle of an eligibility job: after a restart the
   job finishes exactly once.
2. Redis down when an SME submits: the submission succeeds with its protocol number and
   the eligibility job runs once Redis is back (the periodic sweep).
3. The database connection dropped in the middle of a request: a clear error page and
   no half-written application.
4. 200 concurrent approvals against an envelope that fits 100 grants.
5. 1,000 concurrent submissions: protocol numbers unique and gapless.

Tests that stop a server start their own: a private redis-server on a free port, and
pg_terminate_backend on the request's own connection, never the shared services.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from decimal import Decimal

import psycopg
import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from audits.call import services as audit_services
from trinno_portal.celery import app as celery_app
from trinno_portal.funding import services as funding_services
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.models import (
    Application,
    BudgetCommitment,
    Call,
    EligibilityOutcome,
    Envelope,
    ProtocolCounter,
    StatusChange,
)
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.tasks import sweep_pending_eligibility
from trinno_portal.funding.workflow import Status

from ..audits.conftest import fill_draft
from ..factories import ApplicationFactory, MembershipFactory, PersonFactory, UserFactory
from .conftest import ROOT, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.fail("Fault tests need PostgreSQL (DATABASE_URL); .ci/run sets it.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg(dbname: str | None = None) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=dbname or db["NAME"],
        autocommit=True,
    )


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Worker:
    """A `celery worker` in a process group of its own, so that SIGKILL reaches the
    pool's children too (as when a container or a machine dies)."""

    def __init__(self, broker_url: str, log_path):
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_RESULT_BACKEND": broker_url,
        }
        self.process = subprocess.Popen(
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
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None and not self.log.closed:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


@pytest.fixture
def start_worker(tmp_path):
    """Start workers on a broker; every one still running is stopped after the test."""
    started: list[Worker] = []

    def _start(broker_url: str) -> Worker:
        worker = Worker(broker_url, tmp_path / f"worker-{len(started)}.log")
        started.append(worker)
        return worker

    yield _start
    for worker in started:
        worker.stop()


@contextmanager
def _broker(url: str):
    """Point this process's Celery app at the private Redis `url` for the block."""
    # Results are not read back through Celery (the tests wait on the database), so
    # only the producer side needs pointing elsewhere.
    old = celery_app.conf.broker_url, celery_app.conf.broker_write_url
    celery_app.conf.broker_url = celery_app.conf.broker_write_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        celery_app.conf.broker_url, celery_app.conf.broker_write_url = old


@pytest.fixture
def private_redis():
    """A redis-server of this test's own, on a free port; stopped and started at will."""
    binary = shutil.which("redis-server")
    if not binary:
        pytest.fail("redis-server is needed on PATH (apt-get install redis-server).")
    port = _free_port()

    class Redis:
        url = f"redis://127.0.0.1:{port}/0"
        process = None

        def start(self):
            self.process = subprocess.Popen(
                [
                    binary,
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_for(lambda: _answers(port), timeout=10)

        def stop(self):
            if self.process and self.process.poll() is None:
                self.process.terminate()
                self.process.wait(timeout=10)

    redis = Redis()
    yield redis
    redis.stop()


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _submitted_draft(audit_call):
    m = MembershipFactory()
    draft = fill_draft(
        audit_services.audit_application_start(
            call=audit_call, enterprise=m.enterprise, user=m.user
        )
    )
    return draft, m


def _evaluated(application_id: int) -> bool:
    return Application.objects.get(pk=application_id).status != Status.SUBMITTED


def _evaluated_once(application_id: int) -> None:
    """Exactly one evaluation: one status change out of `submitted`, one outcome per rule."""
    app = Application.objects.get(pk=application_id)
    assert app.status in (Status.ELIGIBLE, Status.NOT_ELIGIBLE)
    marks = StatusChange.objects.filter(
        application_id=application_id, transition__in=["mark_eligible", "mark_not_eligible"]
    )
    assert marks.count() == 1
    rules = list(
        EligibilityOutcome.objects.filter(application_id=application_id).values_list(
            "rule", flat=True
        )
    )
    assert rules and len(rules) == len(set(rules))


# --- 1. a worker killed in the middle of a job -------------------------------------------


def test_it_finishes_an_eligibility_job_exactly_once_after_the_worker_is_killed(
    audit_call, private_redis, start_worker
):
    private_redis.start()
    with _broker(private_redis.url):
        draft, m = _submitted_draft(audit_call)
        # Submitted with no worker running: the job waits in the queue.
        application_submit(application=draft, by=m.user, version=draft.version)
        assert Application.objects.get(pk=draft.pk).status == Status.SUBMITTED

        # Another session holds the application's row, so the job blocks half-way
        # through its transaction (outcomes deleted, new ones being written).
        blocker = _pg()
        blocker.execute("BEGIN")
        blocker.execute("SELECT id FROM funding_application WHERE id = %s FOR UPDATE", [draft.pk])
        worker = start_worker(private_redis.url)
        try:
            wait_for(lambda: _waiting_on_lock(), timeout=60)
            worker.kill()  # SIGKILL, main process and pool child alike
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        wait_for(lambda: not _waiting_on_lock(), timeout=30)
        # The killed job's transaction rolled back: nothing half-written.
        assert Application.objects.get(pk=draft.pk).status == Status.SUBMITTED
        assert not EligibilityOutcome.objects.filter(application_id=draft.pk).exists()

        # A new worker; beat's periodic sweep finds the submitted application and
        # evaluates it. A second delivery of the same job changes nothing.
        restarted = start_worker(private_redis.url)
        try:
            sweep_pending_eligibility.apply_async(args=[0])
            wait_for(lambda: _evaluated(draft.pk), timeout=60)
            _evaluated_once(draft.pk)
            from trinno_portal.funding.tasks import evaluate_eligibility

            evaluate_eligibility.delay(draft.pk)
            sweep_pending_eligibility.apply_async(args=[0])
            time.sleep(3)  # both delivered and run: still one evaluation
            _evaluated_once(draft.pk)
        finally:
            restarted.stop()


def _waiting_on_lock() -> bool:
    with _pg() as conn:
        (n,) = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        ).fetchone()
    return n > 0


# --- 2. Redis down when an SME submits ------------------------------------------------------


def test_it_saves_a_submission_while_redis_is_down_and_evaluates_it_later(
    audit_call, private_redis, start_worker
):
    draft, m = _submitted_draft(audit_call)
    client = Client()
    client.force_login(m.user)
    # Nothing listens on the broker's port: Redis is down.
    with _broker(private_redis.url):
        started = time.monotonic()
        response = client.post(
            f"/audit/domanda/{draft.pk}/riepilogo/", {"version": draft.version}, follow=True
        )
        assert time.monotonic() - started < 30
    application = Application.objects.get(pk=draft.pk)
    assert response.status_code == 200
    assert application.status == Status.SUBMITTED
    assert application.protocol_number
    assert application.protocol_number in response.content.decode()  # the user sees success

    private_redis.start()  # Redis is back
    with _broker(private_redis.url):
        worker = start_worker(private_redis.url)
        try:
            # What beat runs every five minutes (settings.CELERY_BEAT_SCHEDULE).
            sweep_pending_eligibility.apply_async(args=[0])
            wait_for(lambda: _evaluated(draft.pk), timeout=60)
        finally:
            worker.stop()
    _evaluated_once(draft.pk)


# --- 3. the database connection drops in the middle of a request ------------------------


def test_it_shows_an_error_page_and_keeps_no_half_written_application_when_the_database_drops(
    audit_call, monkeypatch
):
    draft, m = _submitted_draft(audit_call)
    counter_before = list(ProtocolCounter.objects.values_list("last_seq", flat=True))
    original = funding_services.protocol_assign

    def assign_then_lose_the_connection(**kwargs):
        result = original(**kwargs)  # the number is taken, the row locked...
        pid = connection.connection.info.backend_pid
        with _pg() as other:  # ...and the request's own connection is cut
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return result

    monkeypatch.setattr(funding_services, "protocol_assign", assign_then_lose_the_connection)
    client = Client(raise_request_exception=False)
    client.force_login(m.user)
    response = client.post(f"/audit/domanda/{draft.pk}/riepilogo/", {"version": draft.version})
    connection.close()  # the test's own connection was the request's: open a new one
    assert response.status_code == 500
    page = response.content.decode()
    assert "Non è stato salvato nulla a metà" in page and "Nothing was half-saved" in page

    application = Application.objects.get(pk=draft.pk)
    assert application.status == Status.DRAFT
    assert application.protocol_number is None
    assert not StatusChange.objects.filter(application=application).exists()
    assert list(ProtocolCounter.objects.values_list("last_seq", flat=True)) == counter_before


# --- 4 and 5. concurrency at the scale ----------------------------------------------

# PostgreSQL's default max_connections is 100: 40 threads keep 200 approvals (and 1,000
# submissions) truly concurrent without exhausting it.
THREADS = 40


def _concurrently(fn, items):
    barrier = threading.Barrier(THREADS)

    def run(item):
        try:
            if barrier.n_waiting < THREADS and not barrier.broken:
                try:
                    barrier.wait(timeout=0.5)
                except threading.BrokenBarrierError:
                    pass
            return fn(item)
        except Exception as exc:  # collected and asserted on
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(run, items))


def test_it_approves_exactly_what_fits_of_200_concurrent_approvals(audit_call):
    Envelope.objects.filter(call=audit_call, code="manufacturing").update(amount=Decimal("10000"))
    Envelope.objects.filter(call=audit_call, code="reserve-new-firms").update(amount=Decimal("0"))
    Call.objects.filter(pk=audit_call.pk).update(total_budget=Decimal("10000"))
    officer = UserFactory(is_staff=True)
    ids = [
        ApplicationFactory(
            call=audit_call,
            status=Status.ELIGIBLE,
            grant_amount=Decimal("100.00"),
            submitted_at=timezone.now(),
            protocol_number=f"F-{i}",
        ).pk
        for i in range(200)
    ]
    results = _concurrently(
        lambda pk: application_approve(application=Application.objects.get(pk=pk), by=officer), ids
    )
    approved = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, FundingError)]
    assert len(approved) == 100
    assert len(refused) == 100, [
        r for r in results if not isinstance(r, Application | FundingError)
    ]
    assert Envelope.objects.get(call=audit_call, code="manufacturing").committed == Decimal(
        "10000.00"
    )
    assert Call.objects.get(pk=audit_call.pk).committed == Decimal("10000.00")
    assert Application.objects.filter(status=Status.APPROVED).count() == 100
    assert set(Application.objects.filter(status=Status.APPROVED).values_list("pk", flat=True)) == {
        a.pk for a in approved
    }
    assert BudgetCommitment.objects.count() == 100


def test_it_numbers_1000_concurrent_submissions_uniquely_and_without_gaps(audit_call, monkeypatch):
    # The eligibility job is not what is under test: no callback queues it here.
    monkeypatch.setattr("trinno_portal.funding.tasks.queue_eligibility", lambda application: None)
    # Nor is the signed form (tests/signatures): the numbering of drafts submitted at once is.
    audit_call.rules["signatures"].pop("application_form", None)
    audit_call.save(update_fields=["rules"])
    person = PersonFactory()
    drafts = Application.objects.bulk_create(
        Application(
            call=audit_call, scheme=audit_call.scheme, person=person, created_by=person.user
        )
        for _ in range(1000)
    )

    def submit(application):
        return funding_services.application_protocol_submit(
            application=application, by=person.user, version=application.version
        )

    results = _concurrently(submit, drafts)
    errors = [r for r in results if not isinstance(r, Application)]
    assert not errors, errors[:3]
    seqs = sorted(Application.objects.values_list("protocol_seq", flat=True))
    assert seqs == list(range(1, 1001))
    numbers = Application.objects.values_list("protocol_number", flat=True)
    assert len(set(numbers)) == 1000
    assert ProtocolCounter.objects.get(call=audit_call).last_seq == 1000
