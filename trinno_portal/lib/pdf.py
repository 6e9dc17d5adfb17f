"""Render a Django template to PDF bytes with WeasyPrint.

Templates extend "pdf/base_print.html" and load their CSS with {% static %}. WeasyPrint
fetches those URLs through StaticFilesFetcher, which reads them from the static folders
(or STATIC_ROOT after collectstatic) and refuses everything else: a PDF never waits on
the network, works offline, and a URL that slipped into a context value cannot make the
server fetch an internal address or read a local file.
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The origin WeasyPrint resolves relative URLs against. ".invalid" (RFC 2606) can never
# be a real host, so nothing under it is ever fetched from the network.
PDF_BASE_URL = "https://trinno-pdf.invalid/"


class StaticFilesFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves static files from disk and nothing else."""

    def __init__(self, base_url: str = PDF_BASE_URL) -> None:
        # data: URLs (inline images) go to WeasyPrint's own fetcher; no other protocol.
        super().__init__(allowed_protocols={"data"})
        self.base_url = base_url

    def _static_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        base = urlsplit(self.base_url)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        path = unquote(parts.path)
        if not path.startswith(static_prefix) or ".." in path.split("/"):
            return None
        relative = path[len(static_prefix) :].lstrip("/")
        if not relative:
            return None
        found = finders.find(relative)
        if found:
            return Path(found)
        # Under the manifest storage {% static %} gives hashed names, which only exist
        # in STATIC_ROOT after collectstatic.
        try:
            stored = Path(staticfiles_storage.path(relative))
        except NotImplementedError:  # pragma: no cover - a remote storage
            return None
        return stored if stored.is_file() else None

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._static_path(url)
        if path is None:
            raise ValueError(f"Only static files may be fetched while rendering a PDF: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        # Answer with the requested URL, not the file's: it is the base against which a
        # stylesheet's own url(...) references (fonts) are resolved.
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def render_pdf(
    template_name: str, context: dict[str, Any], *, base_url: str | None = None
) -> bytes:
    """The PDF of a template rendered with `context` (autoescaped like any page).

    `base_url` is the origin that relative and {% static %} URLs resolve against; by
    default a private one. Pass the portal's own origin if a template writes absolute
    static URLs: only static files under it are fetched, whatever the origin.
    """
    html = render_to_string(template_name, context)
    fetcher = StaticFilesFetcher(base_url or PDF_BASE_URL)
    return HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher).write_pdf()


def file_data_uri(field) -> str:
    """A stored file (an emblem, a logo) as a data: URI, the one form of image the
    fetcher above lets into a PDF; "" when there is none or it is gone from storage."""
    if not field:
        return ""
    try:
        with field.open("rb") as handle:
            raw = handle.read()
    except (FileNotFoundError, ValueError):
        return ""
    kind = mimetypes.guess_type(field.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(raw).decode()}"
