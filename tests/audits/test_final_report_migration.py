"""The audit's final reports and invoices move to the shared ones and back
(funding 0019, audits 0009): every row, in the order the audit listed its invoices."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import ApplicationFactory
from trinno_portal.funding.models import Scheme

BEFORE = [("funding", "0018_submission_intake"), ("audits", "0008_merge_question_names_and_survey")]
AFTER = [("funding", "0019_audit_final_reports"), ("audits", "0009_remove_final_report_invoice")]


def _models(executor, state, *names):
    apps = executor.loader.project_state(state).apps
    return [apps.get_model(*name.split(".")) for name in names]


@pytest.mark.django_db(transaction=True)
def test_it_copies_the_reports_and_invoices_and_copies_them_back():
    application = ApplicationFactory(call__scheme=Scheme.AUDIT, status="final_report")
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        report, invoice = _models(executor, BEFORE, "audits.FinalReport", "audits.Invoice")
        at = timezone.now()
        report.objects.create(
            application_id=application.pk, summary="Audit svolto", results="Piano", submitted_at=at
        )
        later, earlier = dt.date(2026, 5, 2), dt.date(2026, 4, 1)
        invoice.objects.create(
            application_id=application.pk,
            number="2/2026",
            issued_on=later,
            supplier="DIH",
            amount=Decimal("1000.00"),
            paid_on=None,
        )
        invoice.objects.create(
            application_id=application.pk,
            number="1/2026",
            issued_on=earlier,
            supplier="DIH",
            amount=Decimal("5000.00"),
            paid_on=earlier,
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        report, invoice = _models(
            executor, AFTER, "funding.ProjectFinalReport", "funding.ProjectInvoice"
        )
        copied = report.objects.get(application_id=application.pk)
        assert (copied.summary, copied.results, copied.submitted_at) == (
            "Audit svolto",
            "Piano",
            at,
        )
        assert copied.recomputation is None
        rows = invoice.objects.filter(application_id=application.pk).order_by("position")
        assert [(i.number, i.position, i.amount, i.paid_on) for i in rows] == [
            ("1/2026", 0, Decimal("5000.00"), earlier),
            ("2/2026", 1, Decimal("1000.00"), None),
        ]

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        report, invoice, shared = _models(
            executor, BEFORE, "audits.FinalReport", "audits.Invoice", "funding.ProjectInvoice"
        )
        assert report.objects.get(application_id=application.pk).submitted_at == at
        assert sorted(invoice.objects.values_list("number", flat=True)) == ["1/2026", "2/2026"]
        assert not shared.objects.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
