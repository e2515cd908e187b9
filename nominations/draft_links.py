"""How often a draft's link may be e-mailed: at most LINKS_PER_DRAFT times per draft in
DRAFT_WINDOW, and LINKS_PER_ADDRESS times to one address in ADDRESS_WINDOW, so that the form
cannot be used to send mail to anyone, without limit.

The counts are kept in Django's cache, one count per window of the clock (the hour, the day in
UTC), so that the window follows the application's clock rather than the cache server's expiry.
Each is taken with `add` and `incr`, which Redis and memcached do atomically: with a cache
shared by the server processes, sends at the same moment in different processes are counted
once each. With the default cache
(in memory, one per process) each process counts its own sends.
"""

import datetime
import hashlib

from django.core.cache import cache
from django.utils import timezone

LINKS_PER_DRAFT = 3
DRAFT_WINDOW = datetime.timedelta(hours=1)
LINKS_PER_ADDRESS = 3
ADDRESS_WINDOW = datetime.timedelta(days=1)

DRAFT = "draft"
ADDRESS = "address"


def _address_key(address: str) -> str:
    # Hashed: the cache need not hold the address itself.
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()
    return f"draft-link:address:{digest}"


def _take(key: str, limit: int, window: datetime.timedelta) -> bool:
    """Count one more send under `key` in the current window; False if that would be more than
    `limit`."""
    timeout = int(window.total_seconds())
    key = f"{key}:{int(timezone.now().timestamp()) // timeout}"
    cache.add(key, 0, timeout)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between the two calls: a new one starts
        cache.add(key, 1, timeout)
        count = 1
    return count <= limit


def may_send(nomination, address: str) -> str | None:
    """Count a send of the draft's link to `address`; None if it may go, else what stops it
    (DRAFT: this draft's link was sent too often lately; ADDRESS: this address got too many)."""
    if not _take(f"draft-link:draft:{nomination.pk}", LINKS_PER_DRAFT, DRAFT_WINDOW):
        return DRAFT
    if not _take(_address_key(address), LINKS_PER_ADDRESS, ADDRESS_WINDOW):
        return ADDRESS
    return None
