"""Login lockout with django-axes, for the portal's login (allauth) and the admin's
(growing delays: lockout.py)."""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Axes' backend, for every login that comes from a request.

    A login without a request (a management command, the test client's login()) has
    no address to lock and no attacker behind it: it is left to the next backend
    instead of failing, as Axes' own backend would.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        super().authenticate(request, *args, **kwargs)
        if not settings.AXES_ENABLED:
            return None
        from .lockout import account_wait

        username = login_username(request, kwargs)
        ip = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "")
        if username and account_wait(request, username, ip):
            # Guessing spread over many addresses: this unknown one waits (lockout.py).
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("account guessed from many addresses")
        return None


def login_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account a login attempt is for, whichever form sent it: allauth's login form
    authenticates with `email`, its POST field is `login`; the admin's is `username`."""
    for source in (credentials or {}, request.POST if request is not None else {}):
        for field in ("email", "login", "username"):
            value = source.get(field)
            if value:
                return str(value).strip().lower()
    return None
