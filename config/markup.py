"""What the parts of pages written in Python (config/form_templates.py, platforms/markup.py,
scoring/candidate_markup.py) do to a value where a template writes {{ value }}."""

import html

from django.utils.safestring import SafeData


def escape_text(value) -> str:
    """str(value), HTML-escaped as Django's escape() does it, unless it is safe already; without
    escape()'s lazy-text check, which thousands of values a page make worth saving."""
    if isinstance(value, SafeData):
        return value
    return html.escape(str(value))
