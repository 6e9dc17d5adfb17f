"""A fixed-window count of a public form's posts per client address and hour.

REMOTE_ADDR is the client's address as our trusted proxies report it
(trinno_portal/security/proxies.py). The count lives in the cache: losing it (a restart,
an eviction) lets a few more posts through, never blocks an honest visitor.
"""

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone


def over_hourly_rate(request: HttpRequest, *, scope: str, per_hour: int) -> bool:
    """Count this post under `scope`; True once the address passed `per_hour` this hour."""
    bucket = int(timezone.now().timestamp() // 3600)
    key = f"throttle:{scope}:{request.META.get('REMOTE_ADDR', '')}:{bucket}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > per_hour
