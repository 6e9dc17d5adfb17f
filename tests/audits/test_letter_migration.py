"""The audit's signed letters of assignment become grant agreements and back
(funding 0020, audits 0010): the signer, the time and the implementation period."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ApplicationFactory, UserFactory
from trinno_portal.funding.models import Scheme

BEFORE = [("funding", "0019_audit_final_reports"), ("audits", "0009_remove_final_report_invoice")]
AFTER = [("funding", "0020_audit_letters"), ("audits", "0010_remove_letter_signed")]
ROME = dt.timezone(dt.timedelta(hours=2))


@pytest.mark.django_db(transaction=True)
def test_it_turns_the_signed_letters_into_agreements_and_back():
    application = ApplicationFactory(
        call__scheme=Scheme.AUDIT, call__rules={"project_months": 6}, status="in_progress"
    )
    unsigned = ApplicationFactory(call=application.call, status="approved")
    signer = UserFactory()
    signed_at = dt.datetime(2026, 3, 31, 0, 30, tzinfo=ROME)  # 30 March in UTC
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        audit = executor.loader.project_state(BEFORE).apps.get_model("audits", "AuditApplication")
        audit.objects.create(
            application_id=application.pk, letter_signed_at=signed_at, letter_signed_by_id=signer.pk
        )
        audit.objects.create(application_id=unsigned.pk)

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        agreement = executor.loader.project_state(AFTER).apps.get_model("funding", "GrantAgreement")
        (letter,) = agreement.objects.all()
        assert (letter.application_id, letter.kind) == (application.pk, "letter_of_assignment")
        assert (letter.accepted_at, letter.accepted_by_id) == (signed_at, signer.pk)
        # The day of signature in Rome, and the call's six months.
        assert (letter.starts_on, letter.ends_on) == (dt.date(2026, 3, 31), dt.date(2026, 9, 30))

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        state = executor.loader.project_state(BEFORE).apps
        audit = state.get_model("audits", "AuditApplication").objects.get(pk=application.pk)
        assert (audit.letter_signed_at, audit.letter_signed_by_id) == (signed_at, signer.pk)
        assert not state.get_model("funding", "GrantAgreement").objects.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
