"""The advanced assessments typed before the survey: their free text stays, as the notes.

The recommended services were a second free-text box; 0007 replaces it with the services
the survey recommends (rows of the catalogue), so its text is appended to the notes here,
under a heading, and nothing typed is lost. Each such row is complete as it stands (staff
gave it a level): completed_at is its creation time, so that "one in progress per
enterprise" (0007) holds and the history lists it with the others."""

from django.db import migrations

HEADING = "Servizi del catalogo raccomandati"


def notes_keep(apps, schema_editor):
    AdvancedAssessment = apps.get_model("audits", "AdvancedAssessment")
    for row in AdvancedAssessment.objects.filter(completed_at__isnull=True).iterator():
        text = row.recommended_services.strip()
        if text:
            row.findings = f"{row.findings.rstrip()}\n\n{HEADING}: {text}".lstrip()
        row.completed_at = row.created_at
        row.save(update_fields=["findings", "completed_at"])


def notes_split(apps, schema_editor):
    AdvancedAssessment = apps.get_model("audits", "AdvancedAssessment")
    marker = f"\n\n{HEADING}: "
    for row in AdvancedAssessment.objects.filter(findings__contains=marker).iterator():
        row.findings, _sep, row.recommended_services = row.findings.rpartition(marker)
        row.save(update_fields=["findings", "recommended_services"])


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0005_advanced_assessment_completed_at"),
    ]

    operations = [migrations.RunPython(notes_keep, notes_split)]
