"""The outbox's Celery task: drain what is due (services.outbox_drain)."""

import logging

from celery import shared_task
from django.core.cache import cache
from kombu.exceptions import OperationalError

from trinno_portal.outbox.services import DRAIN_LIMIT, outbox_drain

log = logging.getLogger(__name__)

# One drain queued at a time: on a click day thousands of submissions commit within a
# minute, and one drain does all the rows committed before it starts. The key lives
# a few seconds, so a drain lost with a worker never silences the kicks for long (and
# beat's minute drain runs regardless).
KICK_KEY = "outbox:drain-queued"
KICK_TTL_SECONDS = 10


@shared_task(name="outbox.drain", autoretry_for=(ConnectionError,), max_retries=5)
def drain() -> int:
    # Cleared before the rows are read: a row committed from now on kicks a new drain.
    cache.delete(KICK_KEY)
    done = outbox_drain()
    if done >= DRAIN_LIMIT:
        outbox_kick()  # more rows are due than one drain takes: go on at once
    return done


def outbox_kick() -> None:
    """Ask a worker to drain now, unless a drain is already queued; if the broker is
    down, beat's minute drain will."""
    if not cache.add(KICK_KEY, 1, timeout=KICK_TTL_SECONDS):
        return
    try:
        drain.delay()
    except OperationalError:
        cache.delete(KICK_KEY)
        log.warning("could not queue the outbox drain; the periodic one will")
