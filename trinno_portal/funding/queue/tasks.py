"""Celery tasks of the staff work queue: the officers' daily digest and the background
exports. Thin callers of services, taking ids or ISO dates; both are idempotent."""

import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task(name="funding.triage_daily_digest")
def triage_daily_digest(day: str | None = None) -> int:
    """E-mail each officer what is due in the next days or overdue; once a day."""
    from trinno_portal.funding.queue.services import officer_digests_send

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return officer_digests_send(day=today)


@shared_task(name="funding.triage_export", autoretry_for=(ConnectionError,), max_retries=3)
def triage_export(job_id: int) -> str | None:
    """Write the file of a background export; a job already done is left alone."""
    from trinno_portal.funding.queue.exports import export_job_run

    job = export_job_run(job_id=job_id)
    return job.state if job else None
