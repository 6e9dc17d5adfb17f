"""A submission racing the deletion of a required document (PostgreSQL, real concurrent
transactions, one connection per thread as with several gunicorn workers).

The completeness check runs under the submission's row lock and every document change
bumps the draft's version, so the application ends either submitted with its quote or a
draft without it, never eligible with no required document.
"""

import threading
import time
from dataclasses import replace

import pytest
from django.db import connection, connections

from audits.call import services
from tests.audits.conftest import fill_draft
from tests.factories import MembershipFactory
from trinno_portal.funding import schemes
from trinno_portal.funding.documents import document_delete
from trinno_portal.funding.models import Application, Document
from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.workflow import Status

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.fail("Concurrency tests need PostgreSQL (DATABASE_URL); .ci/run sets it.")


def _together(*targets):
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def run(i, target):
        try:
            barrier.wait()
            results[i] = target()
        except Exception as exc:  # collected and asserted on below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.parametrize("attempt", range(6))
def test_a_submission_never_ends_without_its_required_document(
    attempt, audit_call, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    member = MembershipFactory()
    draft = fill_draft(
        services.audit_application_start(
            call=audit_call, enterprise=member.enterprise, user=member.user
        )
    )
    version = Application.objects.get(pk=draft.pk).version
    quote = Document.objects.get(application=draft, kind="quote")
    real_problems = services.audit_application_problems

    def slow_problems(application):
        # Widen the window between the check and the submission's write, where the
        # deletion used to slip in (3 tries in 6 on PostgreSQL before).
        problems = real_problems(application)
        time.sleep(0.3)
        return problems

    audit = schemes.scheme_for("audit")
    monkeypatch.setitem(schemes._schemes(), "audit", replace(audit, problems=slow_problems))

    def submit():
        return application_submit(
            application=Application.objects.get(pk=draft.pk), by=member.user, version=version
        )

    def delete():
        time.sleep(0.05 * (attempt % 3))  # before, during and after the check
        return document_delete(document=Document.objects.get(pk=quote.pk), user=member.user)

    _together(submit, delete)
    application = Application.objects.get(pk=draft.pk)
    has_quote = Document.objects.filter(application=draft, kind="quote").exists()
    if application.status == Status.DRAFT:
        assert application.protocol_number is None
    else:
        assert has_quote, f"submitted ({application.status}) with no quote"
