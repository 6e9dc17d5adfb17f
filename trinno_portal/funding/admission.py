"""Admission control of the submit path: past CLICKDAY_SUBMIT_CONCURRENCY submissions
numbered at once in this process, answer 503 with Retry-After instead of queueing on the
protocol counter's lock until the proxy times out (decision 24: a semaphore per process,
not a counter in Redis, because what it protects is this process's threads and database
connections, and a semaphore cannot leak a count when a worker dies).

The refused request changed nothing: the page's script (static/js/clickday.js) sends the
same form again after Retry-After; without JavaScript the 503 page resends it."""

import logging
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_semaphore: threading.BoundedSemaphore | None = None


def _slots() -> threading.BoundedSemaphore:
    global _semaphore  # noqa: PLW0603 - one per process, created on first use
    with _lock:
        if _semaphore is None:
            _semaphore = threading.BoundedSemaphore(limit())
        return _semaphore


def limit() -> int:
    return settings.CLICKDAY_SUBMIT_CONCURRENCY


def retry_after() -> int:
    """1 to 3 seconds: the refused come back spread, not in one wave."""
    return random.randint(1, 3)  # noqa: S311 - spreading load, not a secret


@contextmanager
def submission_slot() -> Iterator[bool]:
    """A slot for one submission numbered in the request: True if taken (and given back
    on leaving), False if every slot of this process is busy.

    Only the in-request path takes one. A click day's intake (funding/intake.py) writes one
    row and leaves the protocol counter to the worker: its request is short, and a limit
    sized for the whole submission turned most of a rush into 503s and resends
    (docs/performance.md, "The intake")."""
    slots = _slots()
    taken = slots.acquire(blocking=False)
    try:
        yield taken
    finally:
        if taken:
            slots.release()


def busy_response(request: HttpRequest) -> HttpResponse:
    """The light 503 with Retry-After; the page's script, or the page itself, resends."""
    wait = retry_after()
    body = render_to_string(
        "funding/journey/busy.html",
        {"wait": wait, "version": request.POST.get("version", "")},
        request=request,
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    # Not an error of the server but its admission control: Django would log every one
    # of them at ERROR (django.utils.log.log_response skips a response so marked),
    # thousands a minute on a click day; one INFO line instead.
    response._has_been_logged = True  # noqa: SLF001
    logger.info("submission deferred: %s slots busy, retry in %s s", limit(), wait)
    return response
