"""Writes of the accessibility feedback: a report received (staff mailed), a report
answered (the reporter mailed). Each e-mail leaves after the write has committed."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from trinno_portal.accounts.models import User
from trinno_portal.lib.email import send_templated_email

from . import rules, selectors
from .models import AccessibilityReport


def _staff_address() -> str:
    statement = selectors.accessibility_statement()
    return statement.feedback_email if statement else settings.ACCESSIBILITY_FEEDBACK_EMAIL


def accessibility_report_create(
    *,
    description: str,
    full_name: str = "",
    email: str = "",
    page_url: str = "",
    language: str = "it",
    now: dt.datetime | None = None,
) -> AccessibilityReport:
    """A report from the public form; staff are told at the statement's feedback address."""
    now = now or timezone.now()
    report = AccessibilityReport.objects.create(
        full_name=full_name.strip(),
        email=email.strip().lower(),
        page_url=page_url.strip(),
        description=description.strip(),
        language=language,
        received_at=now,
        due_on=rules.report_due_on(timezone.localdate(now)),
    )
    to = _staff_address()
    transaction.on_commit(
        lambda: send_templated_email(
            template_prefix="emails/pages/accessibility_report",
            context={"report": report, "admin_url": _admin_url(report)},
            to=[to],
            language="it",
        )
    )
    return report


def _admin_url(report: AccessibilityReport) -> str:
    with translation.override("it"):
        path = reverse("admin:pages_accessibilityreport_change", args=[report.pk])
    return settings.PORTAL_BASE_URL + path


def accessibility_report_answer(
    *, report: AccessibilityReport, answer: str, by: User | None, now: dt.datetime | None = None
) -> AccessibilityReport:
    """Record staff's answer and e-mail it to the reporter (in the language they wrote in),
    once: a report already answered and sent is not mailed again."""
    now = now or timezone.now()
    report.answer = answer.strip()
    report.answered_on = report.answered_on or timezone.localdate(now)
    report.answered_by = report.answered_by or by
    send = bool(report.email) and report.answer_sent_at is None
    if send:
        report.answer_sent_at = now
    report.save()
    if send:
        transaction.on_commit(
            lambda: send_templated_email(
                template_prefix="emails/pages/accessibility_answer",
                context={"report": report},
                to=[report.email],
                language=report.language,
            )
        )
    return report
