from celery import shared_task

from .retention import drafts_purge


@shared_task(name="privacy.purge_abandoned_drafts")
def purge_abandoned_drafts() -> int:
    return drafts_purge()
