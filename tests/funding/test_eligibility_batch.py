"""The batch eligibility evaluation: the same results as the evaluation one application
at a time did (rules run per application, application_transition with its callbacks),
once only whatever the number of runs, and a constant number of queries per batch."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from audits.call import services as audit_services
from tests.catalogue_call.conftest import catalogue_call  # noqa: F401
from tests.catalogue_call.conftest import fill_draft as catalogue_fill
from tests.catalogue_call.conftest import start as catalogue_start
from tests.voucher_call.conftest import (  # noqa: F401 (fixtures)
    course,
    course_agency,
    draft,
    make_person,
    voucher_call,
)
from trinno_portal.funding import schemes, services
from trinno_portal.funding.eligibility import (
    application_evaluate_eligibility,
    applications_evaluate_eligibility,
)
from trinno_portal.funding.models import (
    Application,
    DeMinimisEntry,
    EligibilityOutcome,
    LedgerSource,
    StatusChange,
)
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.tasks import evaluate_eligibility, evaluate_eligibility_batch
from trinno_portal.funding.transitions import transition_run
from trinno_portal.funding.workflow import Status

from ..audits.conftest import fill_draft as audit_fill
from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db

OUTCOME_FIELDS = ("rule", "position", "passed", "message", "message_en", "params")
APPLICATION_FIELDS = ("status", "eligible_cost", "grant_amount", "due_on")


# --- submitted applications whose job has not run (no on_commit capture) -------------


def _audit(call, investment="9000.00"):
    m = MembershipFactory()
    application = audit_services.audit_application_start(
        call=call, enterprise=m.enterprise, user=m.user
    )
    application = audit_fill(application, investment=Decimal(investment))
    application_submit(application=application, by=m.user, version=application.version)
    return application.pk


def _catalogue(call, ateco="32.12.10", aid=None):
    m = MembershipFactory(enterprise__ateco_code=ateco)
    if aid:
        DeMinimisEntry.objects.create(
            enterprise=m.enterprise,
            source=LedgerSource.DECLARED,
            granting_body="Regione Toscana",
            regulation="2023/2831",
            granted_on=timezone.localdate() - dt.timedelta(days=30),
            amount=Decimal(aid),
        )
    application = catalogue_fill(catalogue_start(call, m))
    application_submit(application=application, by=m.user, version=application.version)
    return application.pk


_people = iter(range(10_000))


def _voucher(call, the_course, person_maker, province="AR"):
    person = person_maker(f"persona{next(_people)}@example.it", residence_province=province)
    application = draft(call, person, the_course, "3000.00")
    application_submit(application=application, by=person.user, version=application.version)
    return application.pk


@pytest.fixture
def mixed(audit_call, catalogue_call, voucher_call, course, make_person):  # noqa: F811
    """Submitted applications of every scheme, eligible and not, waiting for their job."""

    def _make(n_each: int = 2) -> list[int]:
        ids = []
        for i in range(n_each):
            ids.append(_audit(audit_call, investment="9000.00" if i % 2 == 0 else "4000.00"))
            ids.append(_catalogue(catalogue_call, **({} if i % 2 == 0 else {"aid": "290000.00"})))
            ids.append(_voucher(voucher_call, course, make_person, "AR" if i % 2 == 0 else "MI"))
        assert set(Application.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
            Status.SUBMITTED
        }
        return ids

    return _make


# --- the evaluation one application at a time, as it was: the reference ---------------


def _reference_evaluate(application_id, django_capture_on_commit_callbacks):
    application = Application.objects.select_related("call", "enterprise", "person").get(
        pk=application_id
    )
    handler = scheme_for(application.scheme)
    with translation.override("it"):
        evaluation = handler.evaluate(application)
    with translation.override("en"):
        messages_en = [o.message for o in handler.evaluate(application).outcomes]
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        EligibilityOutcome.objects.bulk_create(
            EligibilityOutcome(
                application=application,
                rule=o.rule,
                position=i,
                passed=o.passed,
                message=o.message,
                message_en=en,
                params=o.params,
                legal_reference=o.legal_reference,
                evaluated_at=now,
            )
            for i, (o, en) in enumerate(zip(evaluation.outcomes, messages_en, strict=True))
        )
        transition_run(
            application=application,
            transition="mark_eligible" if evaluation.passed else "mark_not_eligible",
            by=None,
            reason="; ".join(o.message for o in evaluation.outcomes if not o.passed),
            extra={
                "eligible_cost": evaluation.eligible_cost,
                "grant_amount": evaluation.grant,
                "eligibility_checked_at": now,
            },
        )


def _results(ids):
    applications = {
        a["pk"]: a for a in Application.objects.filter(pk__in=ids).values("pk", *APPLICATION_FIELDS)
    }
    changes = {
        c["application_id"]: c
        for c in StatusChange.objects.filter(application_id__in=ids)
        .exclude(transition="submit")
        .values("application_id", "transition", "from_status", "to_status", "by", "reason")
    }
    return {
        pk: (
            applications[pk],
            changes.get(pk),
            list(
                EligibilityOutcome.objects.filter(application_id=pk)
                .order_by("position")
                .values(*OUTCOME_FIELDS)
            ),
        )
        for pk in ids
    }


def _back_to_submitted(ids, before):
    EligibilityOutcome.objects.filter(application_id__in=ids).delete()
    StatusChange.objects.filter(application_id__in=ids).exclude(transition="submit").delete()
    for pk in ids:
        Application.objects.filter(pk=pk).update(**before[pk])


def test_it_gives_each_scheme_the_results_of_the_evaluation_one_at_a_time(
    mixed, django_capture_on_commit_callbacks
):
    ids = mixed(2)
    before = {
        a.pop("pk"): a
        for a in Application.objects.filter(pk__in=ids).values(
            "pk", *APPLICATION_FIELDS, "eligibility_checked_at", "version"
        )
    }
    for pk in ids:
        _reference_evaluate(pk, django_capture_on_commit_callbacks)
    expected = _results(ids)
    _back_to_submitted(ids, before)

    moved = applications_evaluate_eligibility(application_ids=ids)

    assert _results(ids) == expected
    assert moved == {pk: expected[pk][0]["status"] for pk in ids}
    # Both outcomes of every scheme, with the reasons in both languages.
    statuses = {(Application.objects.get(pk=pk).scheme, moved[pk]) for pk in ids}
    assert statuses == {
        (scheme, status)
        for scheme in ("audit", "catalogue", "voucher")
        for status in (Status.ELIGIBLE, Status.NOT_ELIGIBLE)
    }
    failed = EligibilityOutcome.objects.filter(application_id__in=ids, passed=False)
    assert {o.rule for o in failed} == {"investment", "de_minimis", "tuscany"}
    assert all(o.message != o.message_en for o in failed)
    # The work queue's due date, as its after-commit callback sets it after a transition.
    eligible = Application.objects.filter(pk__in=ids, status=Status.ELIGIBLE)
    assert {a.due_on for a in eligible} == {timezone.localdate() + dt.timedelta(days=15)}


def test_it_gives_the_single_job_the_same_result_as_a_batch(mixed):
    first, second = mixed(1)[:2]
    assert evaluate_eligibility(first) == Status.ELIGIBLE
    assert evaluate_eligibility_batch([second]) == 1
    a, b = Application.objects.get(pk=first), Application.objects.get(pk=second)
    assert (a.status, a.eligibility_checked_at is not None) == (Status.ELIGIBLE, True)
    assert (b.status, b.eligibility_checked_at is not None) == (Status.ELIGIBLE, True)


def test_it_stores_one_result_when_run_twice_or_after_the_single_job(mixed):
    ids = mixed(2)
    assert len(applications_evaluate_eligibility(application_ids=ids)) == len(ids)
    versions = dict(Application.objects.filter(pk__in=ids).values_list("pk", "version"))
    outcomes = list(
        EligibilityOutcome.objects.filter(application_id__in=ids).values_list("pk", flat=True)
    )

    assert applications_evaluate_eligibility(application_ids=ids) == {}
    assert application_evaluate_eligibility(application_id=ids[0]).status != Status.SUBMITTED
    assert evaluate_eligibility_batch(ids) == 0

    assert dict(Application.objects.filter(pk__in=ids).values_list("pk", "version")) == versions
    assert sorted(
        EligibilityOutcome.objects.filter(application_id__in=ids).values_list("pk", flat=True)
    ) == sorted(outcomes)
    for pk in ids:
        changes = StatusChange.objects.filter(application_id=pk).exclude(transition="submit")
        assert changes.count() == 1


def test_it_moves_only_what_is_still_submitted(mixed):
    """A staff member withdrew one meanwhile: the batch leaves it and its log alone."""
    ids = mixed(1)
    withdrawn = Application.objects.get(pk=ids[0])
    services.application_transition(application=withdrawn, transition="withdraw", by=None)
    moved = applications_evaluate_eligibility(application_ids=ids)
    assert set(moved) == set(ids[1:])
    assert Application.objects.get(pk=ids[0]).status == Status.WITHDRAWN
    assert not EligibilityOutcome.objects.filter(application_id=ids[0]).exists()
    assert list(
        StatusChange.objects.filter(application_id=ids[0]).values_list("transition", flat=True)
    ) == ["submit", "withdraw"]


def _statements(captured) -> list[str]:
    # SQLite takes at most 999 parameters a statement, so Django splits a bulk INSERT of
    # 50 applications' outcomes in several there (one on PostgreSQL): count each bulk
    # INSERT once per table, every other statement as it is.
    statements = []
    for query in captured:
        sql = query["sql"]
        head = sql.split(" (", 1)[0] if sql.startswith("INSERT INTO") else sql
        if not (statements and statements[-1] == head and head.startswith("INSERT INTO")):
            statements.append(head)
    return statements


def test_it_keeps_the_queries_of_a_batch_constant(mixed):
    small, large = mixed(2)[:5], mixed(17)[:50]
    with CaptureQueriesContext(connection) as few:
        assert len(applications_evaluate_eligibility(application_ids=small)) == 5
    with CaptureQueriesContext(connection) as many:
        assert len(applications_evaluate_eligibility(application_ids=large)) == 50
    assert len(_statements(many.captured_queries)) == len(_statements(few.captured_queries))
    if connection.vendor == "postgresql":
        assert len(many.captured_queries) == len(few.captured_queries)
    # One query loads the applications, a few per scheme what its rules read, then the
    # writes: lock, UPDATE, status changes, outcomes (delete and insert).
    assert len(_statements(few.captured_queries)) <= 25


def test_it_sends_the_schemes_notification_of_an_eligibility_transition(
    mixed, monkeypatch, django_capture_on_commit_callbacks
):
    """The bulk transition has the effects of transition_run: a scheme's notification
    of "mark_eligible" reaches each application it moved, after the commit."""
    sent = []
    audit = scheme_for("audit")
    notifications = {**audit.notifications, "mark_eligible": sent.append}
    monkeypatch.setitem(schemes._schemes(), "audit", replace(audit, notifications=notifications))
    ids = mixed(2)
    with django_capture_on_commit_callbacks(execute=True):
        applications_evaluate_eligibility(application_ids=ids)
    eligible = Application.objects.filter(pk__in=ids, scheme="audit", status=Status.ELIGIBLE)
    assert sent
    assert sorted(a.pk for a in sent) == sorted(eligible.values_list("pk", flat=True))
