"""Request bodies capped before anything reads them.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE counts form fields only: a multipart file part is
streamed to the temporary folder whatever its size, so an anonymous POST of 200 MiB to
the login page was written to disk before the form refused it. This middleware refuses a
declared Content-Length over the page's limit with 413 before the body is touched, and
reads a chunked body (no Content-Length) through a cap, stopping at the limit.
"""

import tempfile
from collections.abc import Callable

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

CHUNK = 64 * 1024


def body_limit(view_name: str | None) -> int:
    """The upload pages (settings.REQUEST_BODY_UPLOAD_URL_NAMES) take a document and a
    form; every other page a form."""
    if view_name in settings.REQUEST_BODY_UPLOAD_URL_NAMES:
        return settings.REQUEST_BODY_UPLOAD_MAX_BYTES
    return settings.REQUEST_BODY_MAX_BYTES


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _too_large(limit: int) -> HttpResponse:
    text = _("The request is too large: at most %(mb)s MB.") % {
        "mb": f"{limit / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
    }
    return HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")


def read_capped(stream, limit: int):
    """The body of a chunked request in a temporary file, or None past `limit` bytes
    (reading stops there: at most one chunk more is ever read)."""
    spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
    size = 0
    while True:
        data = stream.read(min(CHUNK, limit + 1 - size))
        if not data:
            break
        size += len(data)
        if size > limit:
            spool.close()
            return None
        spool.write(data)
    spool.seek(0)
    return spool, size


class RequestBodyLimitMiddleware:
    """After LocaleMiddleware (the refusal is in the visitor's language), before
    anything that reads request.POST or request.FILES (CSRF, allauth, the views)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self._refuse(request)
        return refused if refused is not None else self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse | None:
        declared = request.META.get("CONTENT_LENGTH")
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not declared and not chunked:
            return None
        limit = body_limit(_view_name(request.path_info))
        if declared:
            try:
                length = int(declared)
            except ValueError:
                return HttpResponse(status=400)
            return _too_large(limit) if length > limit else None
        stream = request.META.get("wsgi.input")
        if stream is None:
            return None
        capped = read_capped(stream, limit)
        if capped is None:
            return _too_large(limit)
        spool, size = capped
        # Django reads a body only as long as its Content-Length: give it the one read.
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(spool, size)
        request._read_started = False
        return None
