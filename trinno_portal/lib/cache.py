"""A per-view cache of public pages for anonymous visitors, invalidated by a version number.

Why not Django's cache_page: it keys on the Vary headers, and every page of the portal
varies on Cookie (the header shows the user's name), so each visitor carrying any cookie
would get an entry of their own; it would also cache logged-in users' pages, and its key
prefix is fixed when the view is decorated, so a publication could not change it. Here
only anonymous GETs are cached, one entry per full URL, language and day, and the key
holds a version number that the publishing service bumps: a new edition shows at once
without emptying the whole cache (which also holds rate limits and other pages).

What is stored is the rendered body and its content type, never a response object: the
cookies and headers middleware adds (session, CSRF, Vary, security headers) are added
again on every answer, for the request in hand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

View = Callable[..., HttpResponse]


def cache_version(name: str) -> int:
    return cache.get_or_set(f"version:{name}", 1, None)


def cache_version_bump(name: str) -> None:
    """Every entry keyed with the old version is left to expire unread."""
    key = f"version:{name}"
    try:
        cache.incr(key)
    except ValueError:  # never read yet: nothing cached under version 1 can be served
        cache.set(key, 2, None)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    # A message waiting for this visitor (e.g. "you have logged out") is shown by the
    # base template once: the page that shows it is theirs alone. len() does not mark
    # the messages as read.
    return len(get_messages(request)) == 0


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    # get_token() marks the request when a template rendered {% csrf_token %}: that token
    # belongs to this visitor's cookie and must not be handed to the next one.
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _key(request: HttpRequest, name: str) -> str:
    url = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    # The day is part of the key: which edition is in force changes at midnight.
    return (
        f"page:{name}:v{cache_version(name)}:{translation.get_language()}:"
        f"{timezone.localdate():%Y%m%d}:{url}"
    )


def anonymous_page_cache(name: str, seconds: int) -> Callable[[View], View]:
    """Serve the view's anonymous GETs from the cache for `seconds`; `name` is the
    version that cache_version_bump(name) moves on."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            key = _key(request, name)
            hit = cache.get(key)
            if hit is not None:
                content, content_type = hit
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if _storable(request, response):
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            return response

        return wrapper

    return decorator
