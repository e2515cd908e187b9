"""reverse(), kept: for pages that link the same kind of address many times (the archive's
fifty names, a criterion's cited clauses), where each reverse() costs some 30 µs.

Kept per URL prefix (SCRIPT_NAME) and URLconf as well as name and arguments, so that a site
served under another prefix, or a request with its own URLconf, still gets its own addresses.
Only for addresses that depend on nothing else (our URLs are not translated).
"""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse


def kept_reverse(viewname: str, **kwargs) -> str:
    return _reverse(get_script_prefix(), get_urlconf(), viewname, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=8192)
def _reverse(_prefix: str, urlconf, viewname: str, kwargs: tuple) -> str:
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))
