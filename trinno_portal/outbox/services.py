"""Writes of the outbox. `outbox_put` inside the transaction whose work it follows;
`outbox_drain` from the Celery task (tasks.py), on commit and every minute.

Delivery is at least once: a row is done when its handler returned and the row was
marked in the same transaction; a crash in between runs the handler again. Handlers are
therefore idempotent or harmless twice (the eligibility move is guarded; a receipt sent
twice is the worst case, never a receipt not sent).
"""

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from trinno_portal.outbox.models import OutboxMessage

log = logging.getLogger(__name__)

# Retries back off up to an hour; a row is never dropped (an officer can see it in the
# table and the log).
MAX_DELAY = dt.timedelta(hours=1)
# Rows one drain does before it hands over to the next (tasks.drain queues it at once).
DRAIN_LIMIT = 200


def outbox_put(*, topics: list[str], object_id: int) -> None:
    """Record the work of `topics` for `object_id` in the current transaction, and ask
    for a drain once it commits (a rolled-back write leaves no row and asks for none)."""
    OutboxMessage.objects.bulk_create(
        [OutboxMessage(topic=topic, object_id=object_id) for topic in topics]
    )
    from trinno_portal.outbox.tasks import outbox_kick  # the task module imports this one

    transaction.on_commit(outbox_kick)


def _yields() -> bool:
    path = getattr(settings, "OUTBOX_YIELDS_TO", "")
    return bool(path) and bool(import_string(path)())


def _handler(topic: str) -> Callable[[int], object]:
    return import_string(settings.OUTBOX_HANDLERS[topic])


def retry_delay(attempts: int) -> dt.timedelta:
    """2, 4, 8... seconds after each failure, at most an hour."""
    return min(dt.timedelta(seconds=2**attempts), MAX_DELAY)


def outbox_drain(*, limit: int = DRAIN_LIMIT) -> int:
    """Do up to `limit` due rows, each in its own transaction; returns how many were done.

    Each row is claimed with SKIP LOCKED: two drains running together share the rows
    instead of doing the same one twice.

    While `settings.OUTBOX_YIELDS_TO` (a dotted path to a function of no argument) says
    more urgent work waits, the drain does nothing: whoever does that work kicks the drain
    when it is done, and beat's minute drain asks again meanwhile."""
    if _yields():
        return 0
    done = 0
    for _n in range(limit):
        now = timezone.now()
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(done_at__isnull=True, due_at__lte=now)
                .order_by("due_at", "id")
                .first()
            )
            if message is None:
                return done
            try:
                with transaction.atomic():
                    _handler(message.topic)(message.object_id)
            except Exception as exc:  # noqa: BLE001 - retried later, see the docstring
                log.exception("outbox %s of %s failed", message.topic, message.object_id)
                message.attempts += 1
                message.due_at = now + retry_delay(message.attempts)
                message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                message.save(update_fields=["attempts", "due_at", "last_error"])
                continue
            message.done_at = timezone.now()
            message.save(update_fields=["done_at"])
            done += 1
    return done
