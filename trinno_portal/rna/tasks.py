"""Celery tasks of the RNA: thin callers of its services."""

from celery import shared_task

from trinno_portal.rna.services import confirmations_send as _confirmations_send


@shared_task(name="rna.confirmations_send")
def confirmations_send() -> dict[str, int]:
    """Send every pending confirmation of a concession, and flag those past 20 days."""
    return _confirmations_send()
