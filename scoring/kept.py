"""Values kept in Django's cache under the version of the data they were made from.

Each kept value has one slot (a key), holding the value and the digest of what it was made
from; a reader asks for it with the digest as it stands now and gets it only if the two agree.
A new version replaces the old one in its slot, so that old versions do not pile up in a
long-running process. Used by results_cache.py and criteria_cache.py.
"""

import hashlib

from django.core.cache import cache

# The version decides; the age only bounds how long a change the version could not see would go
# unnoticed (results_cache.py: an edit straight in the database).
KEPT_SECONDS = 15 * 60


def digest(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def held(key: str, version: str):
    """The value kept in the slot if it was made from this version, else None."""
    kept = cache.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    return None


def keep(key: str, version: str, value) -> None:
    cache.set(key, (version, value), timeout=KEPT_SECONDS)
