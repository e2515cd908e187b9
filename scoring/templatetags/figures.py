"""The jury's figures in the page's language, fast: the deliberation shows thousands of them."""

import math
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format

register = template.Library()

_STEPS = {places: Decimal(1).scaleb(-places) for places in range(7)}
NONE = "–"


@register.filter(is_safe=True)
def figure(value, places=2):
    """The value with `places` decimals, exactly as `floatformat` writes it (rounded half up
    from the shortest decimal form, no "-0,00", the language's decimal separator), or "–" for
    none. floatformat itself goes through the whole of number_format for each figure, which made
    it most of the deliberation page's time; figures of 1,000 or more (where the thousands
    separator could apply) and odd values still go through it."""
    if value is None:
        return NONE
    value, places = float(value), int(places)
    if math.isnan(value):
        return NONE
    if abs(value) >= 1000 or places not in _STEPS or math.isinf(value):
        return floatformat(value, places) or NONE
    rounded = Decimal(repr(value)).quantize(_STEPS[places], rounding=ROUND_HALF_UP)
    if not rounded:
        rounded = abs(rounded)  # floatformat never writes a minus before zero
    return f"{rounded:f}".replace(".", get_format("DECIMAL_SEPARATOR"))
