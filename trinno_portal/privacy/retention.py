"""Retention of abandoned drafts: a draft nobody touched for DRAFT_RETENTION_DAYS is
deleted with its documents (GDPR art. 5(1)(e), storage limitation). Submitted
applications are records of public funding and are never purged here."""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from trinno_portal.funding.models import Application, Document
from trinno_portal.funding.workflow import Status

log = logging.getLogger(__name__)
DEFAULT_RETENTION_DAYS = 365


def retention_days() -> int:
    return int(getattr(settings, "DRAFT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def abandoned_drafts(*, days: int, now: dt.datetime | None = None):
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    return Application.objects.filter(
        status=Status.DRAFT, updated_at__lt=cutoff, protocol_number__isnull=True
    )


def drafts_purge(*, days: int | None = None, dry_run: bool = False, limit: int = 1000) -> int:
    """Delete up to `limit` abandoned drafts; returns how many (or would be, dry run)."""
    days = retention_days() if days is None else days
    ids = list(abandoned_drafts(days=days).order_by("pk").values_list("pk", flat=True)[:limit])
    if dry_run or not ids:
        return len(ids)
    paths = list(Document.objects.filter(application_id__in=ids).values_list("file", flat=True))
    with transaction.atomic():
        # Re-checked under the delete: a draft edited meanwhile is no longer abandoned.
        deleted = abandoned_drafts(days=days).filter(pk__in=ids)
        count = deleted.count()
        deleted.delete()

    def _remove_files() -> None:
        storage = Document._meta.get_field("file").storage
        for path in paths:
            if path and not Document.objects.filter(file=path).exists():
                storage.delete(path)

    transaction.on_commit(_remove_files)
    log.info("purged %s abandoned drafts older than %s days", count, days)
    return count
