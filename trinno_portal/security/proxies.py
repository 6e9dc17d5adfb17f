"""The client's address behind the TLS proxy, from a configured list of trusted proxies.

Behind the proxy every request comes from the proxy's own address, so login throttling
and lockout keyed on REMOTE_ADDR would treat every user as one. X-Forwarded-For is only
believed when it was added by a proxy we trust (settings.TRUSTED_PROXIES): any client
can send that header, so a raw one is never read.
"""

import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or CIDR blocks; a malformed one raises ValueError (settings stop)."""
    return tuple(
        ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()
    )


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip().strip("[]")
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(remote_addr: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    """The first address, from the right, that is not one of our proxies.

    Each trusted proxy appends the address it received the request from; what lies left
    of the first untrusted hop was written by the client and proves nothing. A
    malformed hop ends the walk at the last address we can vouch for.
    """
    remote = _address(remote_addr)
    if remote is None or not _trusted(remote, trusted):
        return remote_addr
    current = remote
    for hop in reversed([h for h in forwarded_for.split(",") if h.strip()]):
        address = _address(hop)
        if address is None:
            break
        current = address
        if not _trusted(address, trusted):
            break
    return str(current)


class TrustedProxyMiddleware:
    """First in MIDDLEWARE: REMOTE_ADDR becomes the client's address, so allauth's rate
    limits, django-axes and the logs all see the same, honest value."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = parse_networks(settings.TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.trusted:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""),
                request.META.get("HTTP_X_FORWARDED_FOR", ""),
                self.trusted,
            )
        return self.get_response(request)
