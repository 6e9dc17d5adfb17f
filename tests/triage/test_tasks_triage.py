import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from trinno_portal.funding.models import Application
from trinno_portal.funding.queue.models import DigestSent
from trinno_portal.funding.queue.tasks import triage_daily_digest
from trinno_portal.funding.workflow import Status

from .conftest import bulk_applications

pytestmark = pytest.mark.django_db


def test_it_e_mails_each_officer_once_a_day_what_is_due(staff_user, other_officer, audit_call):
    today = timezone.localdate()
    rows = bulk_applications(audit_call, 5)
    mine = [rows[0].pk, rows[1].pk]
    Application.objects.filter(pk=rows[0].pk).update(
        assigned_to=staff_user, due_on=today - dt.timedelta(days=2)
    )
    Application.objects.filter(pk=rows[1].pk).update(
        assigned_to=staff_user, due_on=today + dt.timedelta(days=3)
    )
    # Not in the digest: due later, closed, or nobody's.
    Application.objects.filter(pk=rows[2].pk).update(
        assigned_to=other_officer, due_on=today + dt.timedelta(days=4)
    )
    Application.objects.filter(pk=rows[3].pk).update(
        assigned_to=other_officer, due_on=today, status=Status.REJECTED
    )
    mail.outbox.clear()

    assert triage_daily_digest.delay().get() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff_user.email]
    assert "2" in message.subject
    for pk in mine:
        assert Application.objects.get(pk=pk).protocol_number in message.body
    assert rows[2].protocol_number not in message.body
    assert message.alternatives  # the HTML part

    # Run again the same day (beat restarted, an operator): nothing more is sent.
    assert triage_daily_digest.delay().get() == 0
    assert len(mail.outbox) == 1
    assert DigestSent.objects.get().items == 2
    # The next day it is sent again.
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert triage_daily_digest.delay(tomorrow).get() == 2
