"""Login lockout with django-axes, for the portal's login (allauth) and the admin's."""

from axes.backends import AxesStandaloneBackend
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
        return super().authenticate(request, *args, **kwargs)


def login_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account a login attempt is for, whichever form sent it: allauth's login form
    authenticates with `email`, its POST field is `login`; the admin's is `username`."""
    for source in (credentials or {}, request.POST if request is not None else {}):
        for field in ("email", "login", "username"):
            value = source.get(field)
            if value:
                return str(value).strip().lower()
    return None
