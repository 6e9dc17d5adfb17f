"""Admission control of the submit path: past CLICKDAY_SUBMIT_CONCURRENCY submissions at
once in this process, answer 503 with Retry-After instead of queueing on the protocol
counter's lock until the proxy times out (decision 24: a semaphore per process, not a
counter in Redis, because what it protects is this process's threads and database
connections, and a semaphore cannot leak a count when a worker dies).

The refused request changed nothing: the page's script (static/js/clickday.js) sends the
same form again after Retry-After; without JavaScript the 503 page resends it."""

import logging
import random
import threading
from collections.abc import Callable
from functools import wraps

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


def submission_admitted(view: Callable) -> Callable:
    """Wrap a view whose POST submits: GET passes, a POST takes a slot or gets a 503."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        slots = _slots()
        if not slots.acquire(blocking=False):
            wait = retry_after()
            body = render_to_string(
                "funding/journey/busy.html",
                {"wait": wait, "version": request.POST.get("version", "")},
                request=request,
            )
            response = HttpResponse(body, status=503)
            response["Retry-After"] = str(wait)
            response["Cache-Control"] = "no-store"
            # Not an error of the server but its admission control: Django would log
            # every one of them at ERROR (django.utils.log.log_response skips a response
            # so marked), thousands a minute on a click day; one INFO line instead.
            response._has_been_logged = True  # noqa: SLF001
            logger.info("submission deferred: %s slots busy, retry in %s s", limit(), wait)
            return response
        try:
            return view(request, *args, **kwargs)
        finally:
            slots.release()

    return wrapped
