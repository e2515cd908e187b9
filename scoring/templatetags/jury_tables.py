"""The rows of the jury's long tables, written in Python.

A juror's home lists every candidate of the year (372 in a full year). Django's template engine
costs about a tenth of a millisecond per row of such a table — every variable, `{% url %}` and
`{% translate %}` is a node walked and a lookup made for each row — which made the rows most of
the page's time. These tags write the same markup with one format string per row: the texts
translated and escaped and the addresses reversed once per table, every value of a row escaped
as the template would (`escaped`).
"""

import html

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def escaped(**values) -> dict[str, str]:
    """The values as text, HTML-escaped: what django.utils.html.escape makes of each (it is
    html.escape of str(value)), without its lazy-text check per call, which the thousands of
    cells of a long table make worth saving."""
    return {name: html.escape(str(value)) for name, value in values.items()}


NONE = "–"  # an empty cell, as `default:"–"` writes it

# A number no real id reaches, reversed in place of each row's id and then replaced by it.
_ID = 987654321987


def url_for_each(name: str, id_kwarg: str, **kwargs):
    """The address of `name` for any id, from one reverse(): prefix + id + suffix."""
    prefix, suffix = reverse(name, kwargs={**kwargs, id_kwarg: _ID}).split(str(_ID))
    return lambda pk: f"{prefix}{pk}{suffix}"


_CANDIDATE_ROW = """
    <tr role="row">
      <th scope="row" role="rowheader"><a href="{url}">{name}</a></th>
      <td role="cell" data-label="{county_label}">{county}</td>
      <td role="cell" data-label="{nominations_label}" class="jury-table__number">{nominations}</td>
      <td role="cell" data-label="{review_label}"><span class="jury-status jury-status--{status}">{status_label}</span></td>
    </tr>
    """  # noqa: E501 (the markup as the page has it)


@register.simple_tag
def candidate_rows(candidates, cycle) -> SafeString:
    """The rows of the juror's home: each candidate (progress.ListedCandidate) linked to its
    page, with its county, its number of nominations and the juror's review status."""
    url = url_for_each("scoring:candidate", "candidate_id", cycle_id=cycle.pk)
    labels = escaped(
        county_label=gettext("County"),
        nominations_label=gettext("Nominations"),
        review_label=gettext("Your review"),
    )
    status_labels = {}
    rows = []
    for candidate in candidates:
        status = candidate.review_status
        if status not in status_labels:
            status_labels[status] = str(status.label)
        values = escaped(
            url=url(candidate.pk),
            name=candidate.display_name,
            county=candidate.county or NONE,
            nominations=candidate.nomination_count,
            status=status.value,
            status_label=status_labels[status],
        )
        rows.append(_CANDIDATE_ROW.format(**labels, **values))
    return mark_safe("".join(rows))
