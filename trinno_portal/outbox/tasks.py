"""The outbox's Celery task: drain what is due (services.outbox_drain)."""

import logging

from celery import shared_task
from kombu.exceptions import OperationalError

from trinno_portal.outbox.services import outbox_drain

log = logging.getLogger(__name__)


@shared_task(name="outbox.drain", autoretry_for=(ConnectionError,), max_retries=5)
def drain() -> int:
    return outbox_drain()


def outbox_kick() -> None:
    """Ask a worker to drain now; if the broker is down, beat's minute drain will."""
    try:
        drain.delay()
    except OperationalError:
        log.warning("could not queue the outbox drain; the periodic one will")
