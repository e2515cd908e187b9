"""URL converters the apps share.

`id`: a row's id in an address. Django's `int` takes any number of digits, and a number beyond
what the database holds (64 bits) reaches the query of a related field as it is and fails there
with a server error. No row has such an id, so the address is not found (404) before any view
runs: 18 digits at most, all within a signed 64-bit integer.
"""

from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"
