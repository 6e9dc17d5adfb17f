"""The audit's final reports and invoices, copied into the shared ones of the life after
approval (funding/aftercare/models.py); audits/0009 then deletes the old tables.

The old invoices were listed by date: their position keeps that order. A report filed
before its date was recorded gets the application's last change as its date."""

from django.db import migrations


def copy_to_shared(apps, schema_editor):
    FinalReport = apps.get_model("audits", "FinalReport")
    Invoice = apps.get_model("audits", "Invoice")
    ProjectFinalReport = apps.get_model("funding", "ProjectFinalReport")
    ProjectInvoice = apps.get_model("funding", "ProjectInvoice")
    ProjectFinalReport.objects.bulk_create(
        ProjectFinalReport(
            application_id=r.application_id,
            summary=r.summary,
            results=r.results,
            submitted_at=r.submitted_at or r.application.updated_at,
            recomputation=None,
        )
        for r in FinalReport.objects.select_related("application").iterator()
    )
    positions: dict[int, int] = {}
    rows = []
    for i in Invoice.objects.order_by("application_id", "issued_on", "pk").iterator():
        position = positions.get(i.application_id, 0)
        positions[i.application_id] = position + 1
        rows.append(
            ProjectInvoice(
                application_id=i.application_id,
                number=i.number,
                issued_on=i.issued_on,
                supplier=i.supplier,
                amount=i.amount,
                paid_on=i.paid_on,
                position=position,
            )
        )
    ProjectInvoice.objects.bulk_create(rows, batch_size=1000)


def copy_back(apps, schema_editor):
    FinalReport = apps.get_model("audits", "FinalReport")
    Invoice = apps.get_model("audits", "Invoice")
    ProjectFinalReport = apps.get_model("funding", "ProjectFinalReport")
    ProjectInvoice = apps.get_model("funding", "ProjectInvoice")
    reports = ProjectFinalReport.objects.filter(application__scheme="audit")
    invoices = ProjectInvoice.objects.filter(application__scheme="audit")
    FinalReport.objects.bulk_create(
        FinalReport(
            application_id=r.application_id,
            summary=r.summary,
            results=r.results,
            submitted_at=r.submitted_at,
        )
        for r in reports.iterator()
    )
    Invoice.objects.bulk_create(
        (
            Invoice(
                application_id=i.application_id,
                number=i.number,
                issued_on=i.issued_on,
                supplier=i.supplier,
                amount=i.amount,
                paid_on=i.paid_on,
            )
            for i in invoices.order_by("application_id", "position").iterator()
        ),
        batch_size=1000,
    )
    invoices.delete()
    reports.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0018_submission_intake"),
        ("audits", "0008_merge_question_names_and_survey"),
    ]

    operations = [migrations.RunPython(copy_to_shared, copy_back)]
