"""Ids read from a request (a query string, a form), checked before they reach the database.

Django's admin and ORM hand an integer on to the database as it is; one beyond what the
column holds fails there (SQLite: OverflowError; PostgreSQL: out of range), a 500 instead of
"nothing found". Every id is a 64-bit signed integer (BigAutoField, DEFAULT_AUTO_FIELD)."""

import re

MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value, maximum: int = MAX_ID) -> int | None:
    """The id written in `value` (ASCII digits only), or None if it is none or the database
    could not hold it."""
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if number <= maximum else None
