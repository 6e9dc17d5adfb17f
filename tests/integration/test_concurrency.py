"""Concurrency on PostgreSQL: row locks keep budgets and protocol numbers right.

Each thread has its own database connection (Django gives one per thread), so these are
real concurrent transactions, as with several gunicorn workers.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.models import Application, BudgetCommitment, Call, Envelope
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.workflow import Status

from ..audits.conftest import fill_draft
from ..factories import ApplicationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.fail("Concurrency tests need PostgreSQL (DATABASE_URL); .ci/run sets it.")


def _run_concurrently(target, args_list):
    barrier = threading.Barrier(len(args_list))
    results, lock = [], threading.Lock()

    def worker(*args):
        try:
            barrier.wait()
            outcome = target(*args)
        except Exception as exc:  # collected and asserted on below
            outcome = exc
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker, args=a) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_it_never_overcommits_an_envelope_under_concurrent_approvals(audit_call):
    # 60 eligible applications of 100 EUR each against envelopes that fit exactly 25.
    Envelope.objects.filter(call=audit_call, code="manufacturing").update(amount=Decimal("2500"))
    Envelope.objects.filter(call=audit_call, code="reserve-new-firms").update(amount=Decimal("0"))
    Call.objects.filter(pk=audit_call.pk).update(total_budget=Decimal("2500"))
    officer = UserFactory(is_staff=True)
    ids = [
        ApplicationFactory(
            call=audit_call,
            status=Status.ELIGIBLE,
            grant_amount=Decimal("100.00"),
            submitted_at=timezone.now(),
            protocol_number=f"T-{i}",
        ).pk
        for i in range(60)
    ]

    def approve(pk):
        return application_approve(application=Application.objects.get(pk=pk), by=officer)

    results = _run_concurrently(approve, [(pk,) for pk in ids])
    approved = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, FundingError)]
    assert len(approved) == 25
    assert len(refused) == 35, [r for r in results if not isinstance(r, Application | FundingError)]
    envelope = Envelope.objects.get(call=audit_call, code="manufacturing")
    assert envelope.committed == Decimal("2500.00")
    assert Call.objects.get(pk=audit_call.pk).committed == Decimal("2500.00")
    assert Application.objects.filter(status=Status.APPROVED).count() == 25
    assert BudgetCommitment.objects.count() == 25


def test_it_gives_unique_gapless_protocol_numbers_to_concurrent_submissions(audit_call):
    from audits.call import services

    drafts = []
    for _ in range(30):
        m = MembershipFactory()
        drafts.append(
            (
                fill_draft(
                    services.audit_application_start(
                        call=audit_call, enterprise=m.enterprise, user=m.user
                    )
                ),
                m.user,
            )
        )

    def submit(application, user):
        return application_submit(application=application, by=user, version=application.version)

    results = _run_concurrently(submit, drafts)
    assert all(isinstance(r, Application) for r in results), results
    seqs = sorted(Application.objects.values_list("protocol_seq", flat=True))
    assert seqs == list(range(1, 31))


def test_it_submits_once_when_the_same_draft_is_sent_from_many_tabs(audit_call):
    from audits.call import services

    m = MembershipFactory()
    application = fill_draft(
        services.audit_application_start(call=audit_call, enterprise=m.enterprise, user=m.user)
    )
    version = application.version

    def submit():
        return application_submit(
            application=Application.objects.get(pk=application.pk), by=m.user, version=version
        )

    results = _run_concurrently(submit, [() for _ in range(12)])
    assert sum(isinstance(r, Application) for r in results) == 1
    assert sum(isinstance(r, FundingError) for r in results) == 11
    assert Application.objects.get().protocol_seq == 1
