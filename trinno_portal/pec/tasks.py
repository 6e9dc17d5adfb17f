"""Celery tasks of the PEC: thin callers of its services."""

from celery import shared_task

from trinno_portal.pec.services import receipts_fetch as _receipts_fetch


@shared_task(name="pec.receipts_fetch")
def receipts_fetch() -> int:
    """Attach the provider's acceptance and delivery receipts to their notices."""
    return _receipts_fetch()
