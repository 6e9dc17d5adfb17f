"""Application.approved_at: when the application was approved, read by the monitoring.

Existing applications take it from their status history (the first change to
"approved"), with one correlated UPDATE that runs on SQLite and PostgreSQL alike. The
index is built after the backfill, so that the UPDATE does not maintain it row by row.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def approved_at_backfill(apps, schema_editor):
    Application = apps.get_model("funding", "Application")
    StatusChange = apps.get_model("funding", "StatusChange")
    first_approval = (
        StatusChange.objects.filter(application=OuterRef("pk"), to_status="approved")
        .order_by("at")
        .values("at")[:1]
    )
    has_approval = StatusChange.objects.filter(application=OuterRef("pk"), to_status="approved")
    Application.objects.filter(models.Exists(has_approval)).update(
        approved_at=Subquery(first_approval)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0005_queue_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="approved_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the application was approved; the monitoring counts it from then.",
                null=True,
                verbose_name="approved at",
            ),
        ),
        migrations.RunPython(approved_at_backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("approved_at__isnull", False)),
                fields=["approved_at"],
                include=("status", "province", "enterprise"),
                name="app_approved",
            ),
        ),
    ]
