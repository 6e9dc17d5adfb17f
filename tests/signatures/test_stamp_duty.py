"""The stamp duty serial: 14 digits and an issue date, used once in the whole portal."""

import datetime as dt

import pytest
from django.utils import timezone

from audits.call import services
from tests.audits.conftest import fill_draft
from tests.factories import MembershipFactory
from trinno_portal.funding.models import Application
from trinno_portal.funding.services import FundingError
from trinno_portal.signatures.models import StampDutyMark

pytestmark = pytest.mark.django_db


def _draft(audit_call):
    member = MembershipFactory()
    return fill_draft(
        services.audit_application_start(
            call=audit_call, enterprise=member.enterprise, user=member.user
        )
    )


def test_a_serial_used_by_another_application_is_refused(audit_call):
    first, second = _draft(audit_call), _draft(audit_call)
    used = StampDutyMark.objects.get(application=first).serial
    with pytest.raises(FundingError, match="già stata usata"):
        services.audit_stamp_update(
            application=second,
            version=second.version,
            serial=used,
            issued_on=timezone.localdate(),
        )
    second.refresh_from_db()
    assert second.audit.stamp_duty_serial != used
    # The same application may declare its own serial again.
    first.refresh_from_db()
    services.audit_stamp_update(
        application=first, version=first.version, serial=used, issued_on=timezone.localdate()
    )
    assert StampDutyMark.objects.filter(serial=used).count() == 1


def test_a_future_issue_date_is_refused(audit_call):
    draft = _draft(audit_call)
    with pytest.raises(FundingError, match="futuro"):
        services.audit_stamp_update(
            application=draft,
            version=draft.version,
            serial="55555555555555",
            issued_on=timezone.localdate() + dt.timedelta(days=1),
        )


def test_the_step_says_the_serial_is_taken_and_keeps_what_was_typed(client, audit_call):
    first, second = _draft(audit_call), _draft(audit_call)
    used = StampDutyMark.objects.get(application=first).serial
    client.force_login(second.created_by)
    second.refresh_from_db()
    page = client.post(
        f"/audit/domanda/{second.pk}/passo/stamp/",
        {"serial": used, "issued_on": "2026-01-10", "version": second.version},
        follow=True,
    ).content.decode()
    assert "già stata usata nel portale" in page
    assert 'value="2026-01-10"' in page
    assert "Conserva la marca da bollo originale" in page
    assert Application.objects.get(pk=second.pk).audit.stamp_duty_serial != used
