"""The rows of the jury's long tables, written in Python: the juror's home (every candidate of
the year, 372 in a full one), the deliberation's ranking, criterion means and each juror's
scores (about 9,700 cells), and the other jurors' reviews on a candidate's page.

Django's template engine costs about a tenth of a millisecond per row of such a table — every
variable, filter, `{% url %}` and `{% translate %}` is a node walked and a lookup made for each
row — which made the rows most of those pages' time. These functions write the same markup with
one format string per row: the texts translated and escaped and the addresses reversed once per
table, every value of a row escaped as the template would (`escaped`). The templates say where
each table's rows come from; the markup of a row is here.
"""

import html
from dataclasses import dataclass

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .templatetags.figures import writer

NONE = "–"  # an empty cell, as `default:"–"` writes it

# A number no real id reaches, reversed in place of each row's id and then replaced by it.
_ID = 987654321987


def escaped(**values) -> dict[str, str]:
    """The values as text, HTML-escaped: what django.utils.html.escape makes of each (it is
    html.escape of str(value)), without its lazy-text check per call, which the thousands of
    cells of a long table make worth saving."""
    return {name: html.escape(str(value)) for name, value in values.items()}


def url_for_each(name: str, id_kwarg: str, **kwargs):
    """The address of `name` for any id, from one reverse(): prefix + id + suffix."""
    prefix, suffix = reverse(name, kwargs={**kwargs, id_kwarg: _ID}).split(str(_ID))
    return lambda pk: f"{prefix}{pk}{suffix}"


# --- The juror's home ----------------------------------------------------------------------------

_CANDIDATE_ROW = """
    <tr role="row">
      <th scope="row" role="rowheader"><a href="{url}">{name}</a></th>
      <td role="cell" data-label="{county_label}">{county}</td>
      <td role="cell" data-label="{nominations_label}" class="jury-table__number">{nominations}</td>
      <td role="cell" data-label="{review_label}"><span class="jury-status jury-status--{status}">{status_label}</span></td>
    </tr>
    """  # noqa: E501 (the markup as the page has it)


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


# --- The deliberation ----------------------------------------------------------------------------

_RANKING_ROW = """
      <tr{disagreement_class}>
        {compare_and_rank}
        <th scope="row">{name}</th>
        <td>{county}</td>
        {figures}
        <td class="jury-table__number">{reviews}</td>
        <td class="jury-table__number">{conflicts}</td>
        <td class="jury-table__number">{missing}</td>
      </tr>
      """
_COMPARE_AND_RANK = """
        <td><input type="checkbox" name="k" value="{pk}" id="k-{pk}" aria-describedby="compare-help"{checked}><label for="k-{pk}" class="visually-hidden">{compare}</label></td>
        <td class="jury-table__number">{rank}</td>
        """  # noqa: E501
_RANKING_FIGURES = """
        <td class="jury-table__number">{normalised}</td>
        <td class="jury-table__number">{normalised_scaled}</td>
        <td class="jury-table__number">{mean}</td>
        <td class="jury-table__number">{median}</td>
        <td class="jury-table__number">{std}</td>
        <td class="jury-table__number">{spread}{flag}</td>
        """
_NAMED_ROW = """
      <tr>
        <th scope="row">{name}</th>
        {cells}
      </tr>
      """
_NUMBER_CELL = '<td class="jury-table__number">{}</td>'
_STATE_CELL = (
    '<td class="jury-table__number"><span class="deliberation-state deliberation-state--{}">'
    "{}</span></td>"
)


@dataclass(frozen=True)
class DeliberationTables:
    """The rows of the deliberation page's three tables (the template writes their heads)."""

    ranking: SafeString
    criteria: SafeString
    jurors: SafeString


def _names(row) -> dict[str, str]:
    municipality = row.candidate.municipality
    return escaped(
        name=municipality.display_name,
        county=municipality.county.name if municipality.county else NONE,
    )


def deliberation_tables(rows, *, show_scores: bool, selected=frozenset()) -> DeliberationTables:
    """The rows (views.deliberation.Row) of the ranking — with the figures only when the scores
    may be shown, `selected` candidates ticked for comparison — and of the criterion means and
    each juror's scores."""
    figure = writer(2)
    shared = html.escape(gettext("(shared)"))
    tied = f'<span aria-hidden="true">=</span><span class="visually-hidden"> {shared}</span>'
    flag = f' <strong class="deliberation-flag">{html.escape(gettext("Disagree"))}</strong>'
    compare = gettext("Compare %(name)s")  # a blocktranslate: the text itself is not escaped
    ranking, criteria, jurors = [], [], []
    for row in rows:
        names = _names(row)
        counts = {"reviews": row.reviews, "conflicts": row.conflicts, "missing": row.missing}
        if not show_scores:
            ranking.append(
                _RANKING_ROW.format(
                    disagreement_class="", compare_and_rank="", figures="", **names, **counts
                )
            )
            continue
        rank = f"{row.rank}{tied if row.tied else ''}" if row.rank else NONE
        compare_and_rank = _COMPARE_AND_RANK.format(
            pk=row.candidate.pk,
            checked=" checked" if row.candidate.pk in selected else "",
            compare=compare % {"name": names["name"]},
            rank=rank,
        )
        figures = _RANKING_FIGURES.format(
            normalised=figure(row.normalised),
            normalised_scaled=figure(row.normalised_scaled),
            mean=figure(row.mean),
            median=figure(row.median),
            std=figure(row.std),
            spread=figure(row.spread),
            flag=flag if row.disagreement else "",
        )
        ranking.append(
            _RANKING_ROW.format(
                disagreement_class=(
                    ' class="deliberation-table__disagreement"' if row.disagreement else ""
                ),
                compare_and_rank=compare_and_rank,
                figures=figures,
                **names,
                **counts,
            )
        )
        means = "".join(_NUMBER_CELL.format(figure(value)) for value in row.criteria)
        criteria.append(_NAMED_ROW.format(name=names["name"], cells=means))
        scores = "".join(
            _NUMBER_CELL.format(figure(cell.value))
            if cell.value is not None
            else _STATE_CELL.format(html.escape(str(cell.state)), html.escape(cell.label))
            for cell in row.jurors
        )
        jurors.append(_NAMED_ROW.format(name=names["name"], cells=scores))
    return DeliberationTables(
        ranking=mark_safe("".join(ranking)),
        criteria=mark_safe("".join(criteria)),
        jurors=mark_safe("".join(jurors)),
    )


# --- The other jurors' reviews on the candidate page ---------------------------------------------

_OTHER_ROW = """
      <tr>
        <th scope="row">{juror}</th>
        {cells}
      </tr>
      """
_OTHER_COMMENTS = """
  <h3>{heading}</h3>
  <dl class="facts facts--inline">
    {comments}
    <div><dt>{overall_label}</dt><dd class="prewrap">{overall}</dd></div>
  </dl>
  """
_OTHER_COMMENT = '<div><dt>{position}. {title}</dt><dd class="prewrap">{comment}</dd></div>'


@dataclass(frozen=True)
class OtherReviewsTables:
    """The candidate page's other jurors' reviews (the template writes the table's head)."""

    rows: SafeString  # the score table's rows, a juror each
    comments: SafeString  # each juror's comments, a heading and a list each


def _score_cell(score, evidence_labels: dict) -> str:
    value = f'<span class="score-value">{score.value}</span>' if score and score.value else NONE
    if score and score.evidence:
        if score.evidence not in evidence_labels:
            evidence_labels[score.evidence] = html.escape(str(score.get_evidence_display()))
        value += f'<br><span class="muted">{evidence_labels[score.evidence]}</span>'
    return f"<td>{value}</td>"


def other_reviews_tables(others) -> OtherReviewsTables:
    """The done reviews of the other jurors (reviews.OtherReview): a row of scores and
    evidence marks each, then each juror's comments per criterion and overall comment."""
    heading = gettext("Comments from %(juror)s")  # a blocktranslate: the text is not escaped
    overall_label = html.escape(gettext("Overall"))
    evidence_labels = {}
    rows, comments = [], []
    for other in others:
        juror = html.escape(str(other.review.member))
        cells = "".join(_score_cell(score, evidence_labels) for _criterion, score in other.rows)
        rows.append(_OTHER_ROW.format(juror=juror, cells=cells))
        written = "".join(
            _OTHER_COMMENT.format(
                position=criterion.position,
                title=html.escape(criterion.title),
                comment=html.escape(score.comment),
            )
            for criterion, score in other.rows
            if score and score.comment
        )
        comments.append(
            _OTHER_COMMENTS.format(
                heading=heading % {"juror": juror},
                comments=written,
                overall_label=overall_label,
                overall=html.escape(other.review.overall_comment) or NONE,
            )
        )
    return OtherReviewsTables(rows=mark_safe("".join(rows)), comments=mark_safe("".join(comments)))
