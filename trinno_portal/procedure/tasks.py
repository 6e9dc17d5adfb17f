"""Celery tasks of the procedure: thin callers of its services."""

from celery import shared_task

from trinno_portal.procedure.expiry import replies_expire


@shared_task(name="procedure.expire_replies")
def expire_replies() -> int:
    """Every night: requests for information and notices unanswered by their deadline."""
    return len(replies_expire())
