"""Fixtures of the work-queue tests: the admin fixtures (audit call, eligible
applications built through the services) and many applications made in one INSERT."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.admin.conftest import eligible  # noqa: F401
from tests.audits.conftest import audit_call, fill_draft, member, submit  # noqa: F401
from tests.conftest import _user
from trinno_portal.accounts.roles import Role
from trinno_portal.funding.models import Application
from trinno_portal.funding.workflow import Status

from ..factories import EnterpriseFactory, PersonFactory, UserFactory


def bulk_applications(call, n: int, *, start: int = 0, **fields) -> list[Application]:
    """n submitted applications sharing one enterprise and one creator, in one INSERT."""
    now = timezone.now()
    creator = UserFactory(password=None)
    enterprise = EnterpriseFactory()
    person = PersonFactory(user__password=None)
    rows = [
        Application(
            call=call,
            scheme=call.scheme,
            created_by=creator,
            # Every other one is a person's: both joins are exercised.
            enterprise=None if i % 2 else enterprise,
            person=person if i % 2 else None,
            status=Status.ELIGIBLE,
            protocol_number=f"Q-2026-{start + i + 1:06d}",
            submitted_at=now - dt.timedelta(minutes=i),
            grant_amount=Decimal("4500.00"),
            province="AR",
            size_class="micro",
            due_on=timezone.localdate() + dt.timedelta(days=i % 20 - 5),
            **fields,
        )
        for i in range(n)
    ]
    return Application.objects.bulk_create(rows)


@pytest.fixture
def other_officer(roles):
    return _user("collega@example.it", Role.AGENCY_STAFF, is_staff=True)
