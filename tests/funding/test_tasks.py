import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from trinno_portal.funding.models import Ranking
from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.tasks import monthly_rankings, sweep_pending_eligibility
from trinno_portal.funding.workflow import Status

from ..audits.conftest import fill_draft
from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _submitted_without_job(audit_call):
    from audits.call import services

    m = MembershipFactory()
    application = fill_draft(
        services.audit_application_start(call=audit_call, enterprise=m.enterprise, user=m.user)
    )
    # No on_commit capture: the job queued after commit never runs, as with a broker down.
    application_submit(application=application, by=m.user, version=application.version)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    return application


def test_it_sweeps_submissions_whose_job_never_ran(audit_call):
    application = _submitted_without_job(audit_call)
    assert sweep_pending_eligibility(older_than_seconds=3600) == 0
    assert sweep_pending_eligibility(older_than_seconds=0) == 1
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert sweep_pending_eligibility(older_than_seconds=0) == 0


def test_it_builds_last_months_ranking_once_a_month(audit_call):
    application = _submitted_without_job(audit_call)
    sweep_pending_eligibility(older_than_seconds=0)
    month = timezone.localtime(application.submitted_at).date().replace(day=1)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    with time_machine.travel(dt.datetime.combine(next_month, dt.time(3)), tick=False):
        built = monthly_rankings()
        # One preview per open call with monthly rankings (audit and innovation services).
        assert len(built) == 2
        ranking = Ranking.objects.get(pk__in=built, call=audit_call)
        assert ranking.period_start == month
        assert list(ranking.entries.values_list("application_id", "funded")) == [
            (application.pk, True)
        ]
        # Run again: the preview is rebuilt, not duplicated.
        assert monthly_rankings() == built
