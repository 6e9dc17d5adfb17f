"""application_approve records when the application was approved (Application.approved_at),
which the monitoring's indicators count by; and migration 0006 gives existing approved
applications that date from their status history."""

import datetime as dt
import importlib
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from audits.call import services as audit_services
from monitoring import selectors
from monitoring.models import Measure, Scope
from tests.audits.conftest import fill_draft
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.models import Application, Envelope, StatusChange
from trinno_portal.funding.services import BudgetExhausted
from trinno_portal.funding.workflow import Status

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")


def _eligible(submit, audit_call) -> Application:
    member = MembershipFactory()
    application = audit_services.audit_application_start(
        call=audit_call, enterprise=member.enterprise, user=member.user
    )
    submit(fill_draft(application), member.user)
    assert application.status == Status.ELIGIBLE
    return application


def test_it_records_when_the_application_was_approved(submit, audit_call, time_machine):
    application = _eligible(submit, audit_call)
    # 00:30 on 1 April in Rome is still 31 March in UTC: the indicators count it in April,
    # the day of the Italian calendar on which it was approved.
    approved = dt.datetime(2026, 4, 1, 0, 30, tzinfo=ROME)
    time_machine.move_to(approved, tick=False)

    application = application_approve(application=application, by=UserFactory(is_staff=True))

    assert application.approved_at == approved
    change = StatusChange.objects.get(application=application, to_status=Status.APPROVED)
    assert change.at == application.approved_at
    key = (Measure.AUDIT_ENTERPRISES, Scope.TUSCANY)
    march = selectors.enterprise_measures(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    april = selectors.enterprise_measures(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert (march[key], april[key]) == (0, 1)


def test_it_leaves_no_approval_date_when_the_approval_is_refused(submit, audit_call):
    application = _eligible(submit, audit_call)
    Envelope.objects.filter(call=audit_call, code="manufacturing").update(
        committed=Decimal("1347000.00")
    )
    with pytest.raises(BudgetExhausted):
        application_approve(application=application, by=UserFactory(is_staff=True))
    application.refresh_from_db()
    assert (application.status, application.approved_at) == (Status.ELIGIBLE, None)


def _change(application, to_status, at):
    StatusChange.objects.create(
        application=application,
        transition="approve" if to_status == Status.APPROVED else "start_project",
        from_status=Status.UNDER_ASSESSMENT,
        to_status=to_status,
        at=at,
    )


def test_the_migration_takes_the_first_approval_from_the_status_history(roles):
    backfill = importlib.import_module(
        "trinno_portal.funding.migrations.0006_application_approved_at"
    ).approved_at_backfill
    first = dt.datetime(2024, 5, 2, 10, tzinfo=ROME)
    twice = ApplicationFactory(status=Status.IN_PROGRESS)
    _change(twice, Status.APPROVED, first + dt.timedelta(days=9))
    _change(twice, Status.APPROVED, first)  # recorded later, happened earlier
    _change(twice, Status.IN_PROGRESS, first - dt.timedelta(days=30))
    never = ApplicationFactory(status=Status.UNDER_ASSESSMENT)
    _change(never, Status.IN_PROGRESS, first)

    backfill(apps, None)

    twice.refresh_from_db()
    never.refresh_from_db()
    assert twice.approved_at == first
    assert never.approved_at is None
