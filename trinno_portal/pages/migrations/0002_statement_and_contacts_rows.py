"""The statement's and the contacts' single rows, so the pages show staff's data from the
first deploy; staff correct them in the admin (docs/pages.md). The texts are AgID's
model's wording until the self-assessment of the portal is done."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

NON_ACCESSIBLE_IT = (
    "La valutazione del portale secondo i requisiti della norma EN 301 549 è in corso. "
    "I documenti PDF caricati dalle imprese e i modelli firmati digitalmente possono non "
    "essere accessibili: chi ne ha bisogno può chiederne una versione accessibile con il "
    "modulo di segnalazione."
)
NON_ACCESSIBLE_EN = (
    "The assessment of the portal against the requirements of EN 301 549 is under way. "
    "PDF documents uploaded by enterprises and digitally signed forms may not be "
    "accessible: whoever needs one may ask for an accessible version with the feedback form."
)


def create_rows(apps, schema_editor):
    statement = apps.get_model("pages", "AccessibilityStatement")
    contacts = apps.get_model("pages", "AgencyContacts")
    today = timezone.localdate()
    statement.objects.get_or_create(
        pk=1,
        defaults={
            "compliance": "partial",
            "non_accessible_it": NON_ACCESSIBLE_IT,
            "non_accessible_en": NON_ACCESSIBLE_EN,
            "drawn_up_on": today,
            "reviewed_on": today,
            "feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL,
        },
    )
    contacts.objects.get_or_create(
        pk=1,
        defaults={
            "name": "Arezzo Innovazione",
            "address": "52100 Arezzo (AR)",
            "email": "info@arezzoinnovazione.example.it",
            "hours_it": "Dal lunedì al venerdì, 9:00-13:00",
            "hours_en": "Monday to Friday, 9:00-13:00",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_statement_reports_faq_contacts")]

    operations = [migrations.RunPython(create_rows, migrations.RunPython.noop)]
