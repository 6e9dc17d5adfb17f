"""The audit's signed letters of assignment become grant agreements of kind
"letter_of_assignment" (funding/aftercare/models.py); audits/0010 then drops the two
fields of AuditApplication that held them.

The implementation period starts the day the letter was signed and lasts the call's
project_months (else six), as aftercare.services.agreement_accept sets it. A letter whose
signer was not recorded is taken as accepted by the user who made the application."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

KIND = "letter_of_assignment"
DEFAULT_MONTHS = 6


def _add_months(day: dt.date, months: int) -> dt.date:
    # Frozen here: a migration must not follow later changes of funding/deadlines.py.
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def _months(rules) -> int:
    value = (rules or {}).get("project_months")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return DEFAULT_MONTHS


def letters_to_agreements(apps, schema_editor):
    AuditApplication = apps.get_model("audits", "AuditApplication")
    GrantAgreement = apps.get_model("funding", "GrantAgreement")
    taken = set(GrantAgreement.objects.values_list("application_id", flat=True))
    signed = AuditApplication.objects.filter(letter_signed_at__isnull=False).select_related(
        "application__call"
    )
    rows = []
    for audit in signed.iterator():
        if audit.application_id in taken:
            continue
        starts = timezone.localdate(audit.letter_signed_at)
        rows.append(
            GrantAgreement(
                application_id=audit.application_id,
                kind=KIND,
                accepted_at=audit.letter_signed_at,
                accepted_by_id=audit.letter_signed_by_id or audit.application.created_by_id,
                starts_on=starts,
                ends_on=_add_months(starts, _months(audit.application.call.rules)),
            )
        )
    GrantAgreement.objects.bulk_create(rows, batch_size=1000)


def agreements_to_letters(apps, schema_editor):
    AuditApplication = apps.get_model("audits", "AuditApplication")
    GrantAgreement = apps.get_model("funding", "GrantAgreement")
    letters = GrantAgreement.objects.filter(kind=KIND, application__scheme="audit")
    for agreement in letters.iterator():
        AuditApplication.objects.filter(pk=agreement.application_id).update(
            letter_signed_at=agreement.accepted_at, letter_signed_by_id=agreement.accepted_by_id
        )
    letters.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0019_audit_final_reports"),
        ("audits", "0009_remove_final_report_invoice"),
    ]

    operations = [migrations.RunPython(letters_to_agreements, agreements_to_letters)]
