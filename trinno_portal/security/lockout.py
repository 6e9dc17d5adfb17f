"""Login lockout with growing delays (docs/decisions/0014-client-address-and-lockout.md).

Two counters, both in django-axes' table so they hold across processes and restarts:
- one account from one address: after AXES_FAILURE_LIMIT failures the pair waits
  AXES_COOLOFF_FIRST, then twice as long after each further failure, up to
  AXES_COOLOFF_TIME_MAX. Only the guesser's own address waits.
- one account from every address (guessing spread over many machines): past
  AXES_ACCOUNT_FAILURE_LIMIT the account waits with the same doubling, except from an
  address it logged in from before (axes' AccessLog): strangers cannot lock the owner
  out of the office they always log in from.
"""

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone

from .backends import login_username


def growing_delay(
    failures: int, *, limit: int, first: dt.timedelta, cap: dt.timedelta
) -> dt.timedelta:
    """No wait below the limit; at it `first`, doubling with every failure beyond, at
    most `cap`."""
    if failures < limit:
        return dt.timedelta(0)
    doublings = min(failures - limit, 30)  # 2**30 minutes is past any cap
    return min(first * 2**doublings, cap)


def _pair_failures(request: HttpRequest) -> int:
    username = login_username(request, None)
    ip = getattr(request, "axes_ip_address", None)
    if not username or not ip:
        return 0
    row = AccessAttempt.objects.filter(username=username, ip_address=ip).aggregate(
        n=Sum("failures_since_start")
    )
    return row["n"] or 0


def cool_off(request: HttpRequest | None = None) -> dt.timedelta:
    """settings.AXES_COOLOFF_TIME: how long the last failure of this pair keeps counting.

    Below the limit failures are remembered for the longest delay (five wrong passwords
    in an hour lock, as before); from the limit on, the pair is locked for the growing
    delay after its last failure.
    """
    cap = settings.AXES_COOLOFF_TIME_MAX
    if request is None:
        return cap
    failures = _pair_failures(request)
    if failures < settings.AXES_FAILURE_LIMIT:
        return cap
    return growing_delay(
        failures, limit=settings.AXES_FAILURE_LIMIT, first=settings.AXES_COOLOFF_FIRST, cap=cap
    )


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, cleaning with the longest delay: the growing one of this
    request must not delete another pair's record that is still locked."""

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        threshold = timezone.now() - settings.AXES_COOLOFF_TIME_MAX
        count, _ = AccessAttempt.objects.filter(attempt_time__lte=threshold).delete()
        return count


def account_wait(request: HttpRequest, username: str, ip: str) -> dt.timedelta:
    """How long this address must still wait before trying this account: zero for an
    address the account logged in from before."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME_MAX
    row = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start"), last=Max("attempt_time")
    )
    failures = row["n"] or 0
    delay = growing_delay(
        failures,
        limit=settings.AXES_ACCOUNT_FAILURE_LIMIT,
        first=settings.AXES_COOLOFF_FIRST,
        cap=settings.AXES_COOLOFF_TIME_MAX,
    )
    if not delay:
        return delay
    known = AccessLog.objects.filter(
        username=username,
        ip_address=ip,
        attempt_time__gte=timezone.now() - settings.KNOWN_ADDRESS_DAYS,
    ).exists()
    if known:
        return dt.timedelta(0)
    return max(row["last"] + delay - timezone.now(), dt.timedelta(0))
