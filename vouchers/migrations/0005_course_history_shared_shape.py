"""The courses' history in the shape of every workflow's history (funding.StatusHistory):
from_state/to_state renamed to from_status/to_status, the transition name as long as the
applications'. Renames and a longer column only: no row is lost, the table stays."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('vouchers', '0004_field_labels'),
    ]

    operations = [
        migrations.RenameField(
            model_name="coursestatechange", old_name="from_state", new_name="from_status"
        ),
        migrations.RenameField(
            model_name="coursestatechange", old_name="to_state", new_name="to_status"
        ),
        migrations.AlterField(
            model_name="coursestatechange",
            name="transition",
            field=models.CharField(max_length=30, verbose_name="transition"),
        ),
    ]
