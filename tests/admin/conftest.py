"""Fixtures of the admin tests: the audit call and its helpers, re-exported from the
audits tests, and eligible applications built through the services."""

import pytest

from audits.call import services
from tests.audits.conftest import audit_call, fill_draft, member, submit  # noqa: F401
from trinno_portal.funding.workflow import Status

from ..factories import MembershipFactory


@pytest.fixture
def eligible(submit, audit_call):  # noqa: F811
    """A factory of eligible audit applications (micro firm, 9,000 EUR: grant 4,500 EUR)."""

    def _eligible(**kwargs):
        m = MembershipFactory()
        application = services.audit_application_start(
            call=audit_call, enterprise=m.enterprise, user=m.user
        )
        fill_draft(application, **kwargs)
        submit(application, m.user)
        assert application.status == Status.ELIGIBLE
        return application

    return _eligible
