from django.db import migrations, models


class Migration(migrations.Migration):
    """First of three: the field the data migration fills (0006) before the survey's
    schema (0007) adds the constraint that needs it."""

    dependencies = [
        ("audits", "0004_field_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="advancedassessment",
            name="completed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="completed at"),
        ),
        migrations.AlterField(
            model_name="advancedassessment",
            name="findings",
            field=models.TextField(blank=True, verbose_name="notes"),
        ),
    ]
