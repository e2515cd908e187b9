"""The municipality register as the nomination form's <select> offers it.

The first step lists every municipality and county municipality that can be nominated (372 in a
full year). Written by the template engine, each <option> cost a loop turn, a comparison through
a filter and three lookups; here it is one format string per option, with the same markup
(docs/performance.md has the measurements).
"""

import html

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def municipality_options(municipalities, chosen: str) -> SafeString:
    """An <option> per municipality, "Name (number)", the one whose id is `chosen` selected."""
    options = []
    for municipality in municipalities:
        selected = " selected" if str(municipality.pk) == chosen else ""
        name, number = html.escape(municipality.name), html.escape(municipality.number)
        options.append(f'<option value="{municipality.pk}"{selected}>{name} ({number})</option>')
    return mark_safe("".join(options))
