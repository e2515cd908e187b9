"""The pictures (#20): the figures of the deliberation, the announcement and the archive as
geometry for small SVG templates in templates/pictures/. Drawn on the server, inside the page:
no chart library and no JavaScript, so nothing to install and nothing the Content Security
Policy has to allow. Every picture is made from data its view has already read (no query of its
own), and every figure it draws is one its table beside it shows. docs/pictures.md says how to
read them.

A dot plot (_dot_plot.html) has lines, each with dots on one shared scale; each dot has a
shape and a colour (Okabe and Ito's colour-blind-safe palette), told apart by both, and carries
its value (data-value) and a <title>.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nominations.models import Nomination, NominationStatus, NominatorKind

from .templatetags.figures import figure

# The geometry of a dot plot, in the SVG's own units (it scales to the page's width).
WIDTH = 640
LABEL_WIDTH = 190  # the lines' names, left of the scale
RIGHT = 24
TOP = 28  # the scale's numbers
LINE_HEIGHT = 26
BOTTOM = 8
DOT_RADIUS = 6

# Okabe and Ito's palette, without the yellow (too pale on white): static/css/site.css gives
# the classes picture-colour-0 … 6 these colours; a dot's dark edge keeps its shape visible.
COLOURS = 7
SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "plus", "cross")


def shape_path(shape: str, x: float, y: float, r: float = DOT_RADIUS) -> str:
    """The SVG path of a marker of that shape centred on (x, y)."""
    if shape == "circle":
        return f"M{x - r:.1f},{y:.1f}a{r},{r} 0 1,0 {2 * r},0a{r},{r} 0 1,0 {-2 * r},0Z"
    if shape == "square":
        s = r * 0.9
        return f"M{x - s:.1f},{y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}Z"
    if shape == "triangle":
        return f"M{x:.1f},{y - r:.1f}L{x + r:.1f},{y + r * 0.8:.1f}L{x - r:.1f},{y + r * 0.8:.1f}Z"
    if shape == "triangle-down":
        return f"M{x:.1f},{y + r:.1f}L{x + r:.1f},{y - r * 0.8:.1f}L{x - r:.1f},{y - r * 0.8:.1f}Z"
    if shape == "diamond":
        return f"M{x:.1f},{y - r:.1f}L{x + r:.1f},{y:.1f}L{x:.1f},{y + r:.1f}L{x - r:.1f},{y:.1f}Z"
    t = r * 0.35  # the arms' half width
    if shape == "plus":
        return (
            f"M{x - t:.1f},{y - r:.1f}h{2 * t:.1f}v{r - t:.1f}h{r - t:.1f}v{2 * t:.1f}"
            f"h{t - r:.1f}v{r - t:.1f}h{-2 * t:.1f}v{t - r:.1f}h{t - r:.1f}v{-2 * t:.1f}"
            f"h{r - t:.1f}Z"
        )
    # cross: the plus turned by 45 degrees
    d = r * 0.75
    return (
        f"M{x - d:.1f},{y - d + t:.1f}L{x - d + t:.1f},{y - d:.1f}L{x:.1f},{y - t:.1f}"
        f"L{x + d - t:.1f},{y - d:.1f}L{x + d:.1f},{y - d + t:.1f}L{x + t:.1f},{y:.1f}"
        f"L{x + d:.1f},{y + d - t:.1f}L{x + d - t:.1f},{y + d:.1f}L{x:.1f},{y + t:.1f}"
        f"L{x - d + t:.1f},{y + d:.1f}L{x - d:.1f},{y + d - t:.1f}L{x - t:.1f},{y:.1f}Z"
    )


@dataclass(frozen=True)
class Series:
    """What a dot stands for (a juror, a candidate, before or after): its colour and shape, the
    same in every line and in the legend."""

    label: str
    colour: int
    shape: str

    @property
    def legend_path(self) -> str:
        return shape_path(self.shape, 8, 8)


def series_for(labels: Sequence[str]) -> list[Series]:
    return [
        Series(str(label), i % COLOURS, SHAPES[i % len(SHAPES)]) for i, label in enumerate(labels)
    ]


@dataclass(frozen=True)
class Dot:
    series: Series
    value: float
    x: float
    y: float
    title: str

    @property
    def path(self) -> str:
        return shape_path(self.series.shape, self.x, self.y)


@dataclass(frozen=True)
class Mark:
    """A short vertical stroke across a line: its mean or median, or the jury's mean."""

    kind: str  # "mean", "median" or "reference"
    value: float
    x: float
    y1: float
    y2: float
    title: str


@dataclass
class Line:
    label: str
    y: float
    dots: list[Dot] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    text: str = ""  # the line's values in words: the picture's details

    @property
    def label_y(self) -> float:
        return self.y + 5


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass
class DotPlot:
    """One dot plot: `slug` makes its ids unique in the page, `summary` is its main message in
    words and `axis` names the scale."""

    slug: str
    title: str
    summary: str
    axis: str
    low: float
    high: float
    series: list[Series]
    lines: list[Line] = field(default_factory=list)
    marks_legend: list[tuple[str, str]] = field(default_factory=list)  # (kind, label)
    table_id: str = ""  # the table beside it, with the same figures

    width: int = WIDTH
    left: int = LABEL_WIDTH

    def x(self, value: float) -> float:
        span = (self.high - self.low) or 1
        return round(self.left + (value - self.low) / span * (self.width - self.left - RIGHT), 1)

    def line_y(self, index: int) -> float:
        return TOP + LINE_HEIGHT * index + LINE_HEIGHT / 2

    @property
    def height(self) -> int:
        return int(TOP + LINE_HEIGHT * max(len(self.lines), 1) + BOTTOM)

    @property
    def right(self) -> float:
        return self.width - RIGHT

    @property
    def bottom(self) -> float:
        return self.height - BOTTOM

    @property
    def ticks(self) -> list[Tick]:
        step = _tick_step(self.high - self.low)
        first = math.ceil(self.low / step) * step
        values = []
        value = first
        while value <= self.high + 1e-9:
            values.append(value)
            value += step
        return [Tick(self.x(v), figure(v, 0 if step >= 1 else 1)) for v in values]

    @property
    def lines_markup(self) -> SafeString:
        """The lines as SVG. Written here, one format string per element, rather than in the
        template: the agreement picture has a dot per juror and candidate, thousands in a large
        year, and Django's template loop would make it the most of the page's time."""
        label_x = self.left - 8
        parts = []
        for line in self.lines:
            label = escape(line.label)
            parts.append(
                f'<g class="picture-line" data-label="{label}"><text x="{label_x}" '
                f'y="{line.label_y}" text-anchor="end" class="picture-label">{label}</text>'
            )
            for mark in line.marks:
                parts.append(
                    f'<line x1="{mark.x}" x2="{mark.x}" y1="{mark.y1}" y2="{mark.y2}" '
                    f'class="picture-mark picture-mark--{mark.kind}" data-kind="{mark.kind}" '
                    f'data-value="{mark.value!r}"><title>{escape(mark.title)}</title></line>'
                )
            for dot in line.dots:
                parts.append(
                    f'<path d="{dot.path}" class="picture-dot picture-colour-{dot.series.colour}" '
                    f'data-series="{escape(dot.series.label)}" data-value="{dot.value!r}">'
                    f"<title>{escape(dot.title)}</title></path>"
                )
            parts.append("</g>")
        return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)

    @property
    def details_markup(self) -> SafeString:
        """The lines in words, as the items of the details' list."""
        return mark_safe(  # noqa: S308 (escaped)
            "".join(f"<li>{escape(line.text)}</li>" for line in self.lines)
        )

    def add_line(self, label: str, text: str = "") -> Line:
        line = Line(label=label, y=self.line_y(len(self.lines)), text=text)
        self.lines.append(line)
        return line

    def add_dot(self, line: Line, series: Series, value: float, title: str) -> None:
        """A dot on the line, each series a little above or below the next, so that equal
        values stay visible side by side."""
        count = len(self.series)
        step = min(3.0, 12 / count) if count > 1 else 0
        index = self.series.index(series) if series in self.series else 0
        y = round(line.y + (index - (count - 1) / 2) * step, 1)
        line.dots.append(Dot(series, value, self.x(value), y, title))

    def add_mark(self, line: Line, kind: str, value: float, title: str) -> None:
        half = LINE_HEIGHT / 2 - 2
        line.marks.append(Mark(kind, value, self.x(value), line.y - half, line.y + half, title))


def _tick_step(span: float) -> float:
    if span <= 0:
        return 1
    for step in (0.5, 1, 2, 5, 10):
        if span / step <= 6:
            return step
    return 10 ** math.ceil(math.log10(span / 10))


def _bounds(values: Sequence[float], low, high) -> tuple[float, float]:
    """The scale's range: the criteria's scale where known, widened to every value drawn."""
    values = [v for v in values if v is not None]
    if low is None or (isinstance(low, float) and math.isnan(low)):
        low = math.floor(min(values)) if values else 0
    if high is None or (isinstance(high, float) and math.isnan(high)):
        high = math.ceil(max(values)) if values else 1
    if values:
        low, high = min(low, math.floor(min(values))), max(high, math.ceil(max(values)))
    return float(low), float(high if high > low else low + 1)


# --- The deliberation ---------------------------------------------------------------------------


def agreement(rows, members, low, high) -> DotPlot:
    """Per candidate in the ranking's order, each juror's weighted score as the table of each
    juror's scores shows it (a cell without a value has no dot: a juror in conflict is absent,
    not zero), with the candidate's mean and median."""
    series = series_for([str(m) for m in members])
    values = [cell.value for row in rows for cell in row.jurors]
    low, high = _bounds(values, low, high)
    plot = DotPlot(
        slug="agreement",
        title=_("Agreement per candidate"),
        summary="",
        axis=_("Weighted score"),
        low=low,
        high=high,
        series=series,
        marks_legend=[("mean", _("Mean")), ("median", _("Median"))],
        table_id="jurors-caption",
    )
    widest = None
    for row in rows:
        name = row.candidate.municipality.display_name
        line = plot.add_line(name)
        shown, absent = [], []
        for member_series, cell in zip(series, row.jurors, strict=True):
            if cell.value is None:
                absent.append(f"{member_series.label} ({cell.label.lower()})")
                continue
            title = f"{member_series.label}: {figure(cell.value)}"
            plot.add_dot(line, member_series, cell.value, title)
            shown.append(title)
        drawn = [dot.value for dot in line.dots]
        if drawn:
            mean = sum(drawn) / len(drawn)
            median = _median(drawn)
            plot.add_mark(line, "mean", mean, _("Mean: %(value)s") % {"value": figure(mean)})
            plot.add_mark(
                line, "median", median, _("Median: %(value)s") % {"value": figure(median)}
            )
            spread = max(drawn) - min(drawn)
            if widest is None or spread > widest[1]:
                widest = (name, spread)
        parts = [f"{name}: " + ("; ".join(shown) if shown else _("no scores shown"))]
        if absent:
            parts.append(_("not drawn: %(jurors)s") % {"jurors": ", ".join(absent)})
        line.text = ". ".join(parts) + "."
    if widest is None:
        plot.summary = _("No scores to draw yet.")
    else:
        plot.summary = _(
            "Each dot is one juror's weighted score; the wider a candidate's dots lie apart, "
            "the more the jurors disagree. They disagree most on %(name)s: %(spread)s points "
            "between the highest and the lowest score. A juror in conflict has no dot."
        ) % {"name": widest[0], "spread": figure(widest[1])}
    return plot


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class LeniencyRow:
    member: object
    reviews: int
    before: float | None
    after: float | None

    @property
    def difference(self) -> float | None:
        return None if self.before is None or self.after is None else self.before - self.after


def leniency_rows(rows, members, computed) -> list[LeniencyRow]:
    """Each juror's mean weighted score over the candidates the table of each juror's scores
    shows a value for, before normalisation and after it (in points: the jury's mean plus the
    juror's mean z-score times the pooled spread, as score_math rescales the normalised score).
    """
    found = []
    zscores = computed.zscores
    for index, member in enumerate(members):
        counted = [
            (row.candidate.pk, row.jurors[index].value)
            for row in rows
            if row.jurors[index].value is not None
        ]
        if not counted:
            found.append(LeniencyRow(member, 0, None, None))
            continue
        before = sum(value for _pk, value in counted) / len(counted)
        z = [
            float(zscores.at[member.pk, pk])
            for pk, _value in counted
            if member.pk in zscores.index and pk in zscores.columns
        ]
        z = [v for v in z if not math.isnan(v)]
        after = computed.grand_mean + (sum(z) / len(z)) * _pooled(computed) if z else None
        found.append(LeniencyRow(member, len(counted), before, after))
    return found


def _pooled(computed) -> float:
    pooled = computed.pooled_std
    return 0.0 if pooled is None or math.isnan(pooled) else pooled


def leniency(leniency_table: list[LeniencyRow], computed, low, high) -> DotPlot:
    """Each juror's mean before normalisation (a circle) and after it (a square) against the
    jury's mean (a line): how lenient or strict each juror is, and what normalising took out."""
    before, after = series_for([_("Before normalisation"), _("After normalisation")])
    grand = computed.grand_mean
    values = [v for r in leniency_table for v in (r.before, r.after)]
    low, high = _bounds(values, low, high)
    plot = DotPlot(
        slug="leniency",
        title=_("Leniency"),
        summary="",
        axis=_("The juror's mean score"),
        low=low,
        high=high,
        series=[before, after],
        marks_legend=[("reference", _("The jury's mean"))],
        table_id="leniency-caption",
    )
    furthest = None
    for row in leniency_table:
        name = str(row.member)
        line = plot.add_line(name)
        if row.before is None:
            line.text = _("%(name)s: no scores shown.") % {"name": name}
            continue
        plot.add_dot(line, before, row.before, f"{before.label}: {figure(row.before)}")
        words = [f"{before.label}: {figure(row.before)}"]
        if row.after is not None:
            plot.add_dot(line, after, row.after, f"{after.label}: {figure(row.after)}")
            words.append(f"{after.label}: {figure(row.after)}")
        if not math.isnan(grand):
            plot.add_mark(
                line, "reference", grand, _("The jury's mean: %(value)s") % {"value": figure(grand)}
            )
            off = row.before - grand
            if furthest is None or abs(off) > abs(furthest[1]):
                furthest = (name, off)
        line.text = f"{name}: " + "; ".join(words) + "."
    if furthest is None:
        plot.summary = _("No scores to draw yet.")
    else:
        plot.summary = _(
            "The jury's mean is %(mean)s. %(name)s lies furthest from it before normalisation "
            "(%(off)s points). Normalising takes each juror's own mean out, so after it every "
            "juror's mean is the jury's."
        ) % {"mean": figure(grand), "name": furthest[0], "off": _signed(furthest[1])}
    return plot


def _signed(value: float) -> str:
    text = figure(value)
    return text if text.startswith("-") or value <= 0 else f"+{text}"


def profile_rows(rows, finalists, selected) -> tuple[list, bool]:
    """The rows to profile: the finalists in the jury's order, or before they are chosen the
    top three and any candidates ticked for comparison. Also whether they are the finalists."""
    by_pk = {row.candidate.pk: row for row in rows}
    chosen = [by_pk[f.candidate_id] for f in finalists if f.candidate_id in by_pk]
    if chosen:
        return chosen, True
    picked = [row for row in rows if row.rank is not None][:3]
    picked += [by_pk[pk] for pk in selected if pk in by_pk and by_pk[pk] not in picked]
    return picked, False


def profiles(profiled, are_finalists: bool, criteria, low, high) -> DotPlot:
    """Per criterion, each profiled candidate's mean raw score, on one scale."""
    series = series_for([row.candidate.municipality.display_name for row in profiled])
    values = [v for row in profiled for v in row.criteria]
    low, high = _bounds(values, low, high)
    plot = DotPlot(
        slug="profiles",
        title=_("The finalists' profiles") if are_finalists else _("Profiles of the leaders"),
        summary="",
        axis=_("Mean score"),
        low=low,
        high=high,
        series=series,
        table_id="criteria-caption",
    )
    leads = {}
    for index, criterion in enumerate(criteria):
        label = f"{criterion.position}. {criterion.title}"
        line = plot.add_line(_short(label))
        words = []
        best = None
        for candidate_series, row in zip(series, profiled, strict=True):
            value = row.criteria[index] if index < len(row.criteria) else None
            if value is None:
                continue
            title = f"{candidate_series.label}: {figure(value)}"
            plot.add_dot(line, candidate_series, value, title)
            words.append(title)
            if best is None or value > best[1]:
                best = (candidate_series.label, value)
        if best is not None:
            leads[best[0]] = leads.get(best[0], 0) + 1
        line.text = f"{label}: " + ("; ".join(words) if words else _("no scores")) + "."
    if not leads:
        plot.summary = _("No scores to draw yet.")
    else:
        leader, count = max(leads.items(), key=lambda item: item[1])
        plot.summary = _(
            "Each candidate's mean score per criterion, side by side on one scale. %(name)s "
            "has the highest mean on %(count)s of %(total)s criteria."
        ) % {"name": leader, "count": count, "total": len(criteria)}
    return plot


def _short(label: str, length: int = 30) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


# --- The announcement: a year in numbers --------------------------------------------------------

NUMBERS_PREFIX = "pictures_"


def _submitted(**filters):
    return Nomination.objects.filter(
        cycle=OuterRef("pk"),
        status=NominationStatus.SUBMITTED,
        # The municipality's own material added to its candidacy is not a nomination.
        is_municipality_material=False,
        **filters,
    ).order_by()


def _count_of(queryset, expression) -> Coalesce:
    counted = (
        queryset.annotate(group=Value(1))
        .values("group")
        .annotate(n=Count(expression, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def nomination_counts() -> dict:
    """Annotations for a query of cycles: the year's submitted nominations, the municipalities
    and counties they nominate, and the nominations by kind of nominator. Read with the cycle
    itself (scoring/publication.py), so the announcement takes no query more for them."""
    counts = {
        f"{NUMBERS_PREFIX}nominations": _count_of(_submitted(), "pk"),
        f"{NUMBERS_PREFIX}municipalities": _count_of(_submitted(), "municipality"),
        # A county municipality is its own county.
        f"{NUMBERS_PREFIX}counties": _count_of(
            _submitted(), Coalesce("municipality__county_id", "municipality_id")
        ),
    }
    for kind in NominatorKind:
        counts[f"{NUMBERS_PREFIX}kind_{kind.value}"] = _count_of(
            _submitted(nominator_kind=kind.value), "pk"
        )
    return counts


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: float
    width: float

    @property
    def value_x(self) -> float:
        return BAR_LEFT + self.width + 6

    @property
    def label_y(self) -> float:
        return self.y + BAR_HEIGHT / 2 + 4


BAR_LEFT = 230
BAR_HEIGHT = 18
BAR_GAP = 10


@dataclass
class YearInNumbers:
    nominations: int
    municipalities: int
    counties: int
    kinds: list[tuple[str, int]]  # (the kind's label, nominations), every kind, in its order
    summary: str = ""
    slug: str = "year-numbers"
    width: int = WIDTH
    left: int = BAR_LEFT

    @property
    def bars(self) -> list[Bar]:
        top = max((n for _label, n in self.kinds), default=0) or 1
        span = self.width - BAR_LEFT - 48
        return [
            Bar(label, n, 8 + i * (BAR_HEIGHT + BAR_GAP), round(n / top * span, 1))
            for i, (label, n) in enumerate(self.kinds)
        ]

    @property
    def height(self) -> int:
        return 16 + len(self.kinds) * (BAR_HEIGHT + BAR_GAP)


def year_in_numbers(cycle) -> YearInNumbers | None:
    """The year's counts from a cycle read with nomination_counts(); None without them."""
    total = getattr(cycle, f"{NUMBERS_PREFIX}nominations", None)
    if total is None:
        return None
    kinds = [
        (str(kind.label), getattr(cycle, f"{NUMBERS_PREFIX}kind_{kind.value}"))
        for kind in NominatorKind
    ]
    numbers = YearInNumbers(
        nominations=total,
        municipalities=getattr(cycle, f"{NUMBERS_PREFIX}municipalities"),
        counties=getattr(cycle, f"{NUMBERS_PREFIX}counties"),
        kinds=kinds,
    )
    nominated = ngettext("%(count)s nomination", "%(count)s nominations", total) % {"count": total}
    places = ngettext(
        "%(count)s municipality", "%(count)s municipalities", numbers.municipalities
    ) % {"count": numbers.municipalities}
    counties = ngettext("%(count)s county", "%(count)s counties", numbers.counties) % {
        "count": numbers.counties
    }
    summary = _("%(nominations)s of %(municipalities)s in %(counties)s.") % {
        "nominations": nominated,
        "municipalities": places,
        "counties": counties,
    }
    if total:
        label, most = max(kinds, key=lambda kind: kind[1])
        summary += " " + _("Most came from this kind of nominator: %(kind)s (%(count)s).") % {
            "kind": label.lower(),
            "count": most,
        }
    numbers.summary = summary
    return numbers


# --- The archive on a map -----------------------------------------------------------------------

# Norway's counties of today (2024) as tiles on a grid, (column, row), placed roughly as the
# counties lie: north at the top, the west coast on the left. No geodata: a tile map shows every
# county at one size, so that a small county with a winner is as easy to see as a large one.
COUNTY_TILES = {
    "56": (4, 0),  # Finnmark
    "55": (3, 1),  # Troms
    "18": (2, 2),  # Nordland
    "15": (1, 3),  # Møre og Romsdal
    "50": (2, 3),  # Trøndelag
    "46": (1, 4),  # Vestland
    "34": (2, 4),  # Innlandet
    "11": (0, 5),  # Rogaland
    "33": (1, 5),  # Buskerud
    "03": (2, 5),  # Oslo
    "32": (3, 5),  # Akershus
    "42": (0, 6),  # Agder
    "40": (1, 6),  # Telemark
    "39": (2, 6),  # Vestfold
    "31": (3, 6),  # Østfold
}
TILE_WIDTH = 128
TILE_HEIGHT = 62
TILE_GAP = 6
TILE_COLUMNS = 5


@dataclass
class Tile:
    number: str
    name: str
    column: int
    row: int
    winners: list = field(default_factory=list)  # archive.Entry
    finalists: list = field(default_factory=list)
    url: str = ""

    @property
    def x(self) -> int:
        return self.column * (TILE_WIDTH + TILE_GAP)

    @property
    def y(self) -> int:
        return self.row * (TILE_HEIGHT + TILE_GAP)

    @property
    def state(self) -> str:
        return "winner" if self.winners else "finalist" if self.finalists else "none"

    @property
    def name_x(self) -> float:
        return self.x + TILE_WIDTH / 2

    @property
    def name_y(self) -> float:
        return self.y + 22

    @property
    def count_y(self) -> float:
        return self.y + 46

    @property
    def winner_path(self) -> str:
        return _star(self.x + 26, self.y + 41)

    @property
    def winner_text_x(self) -> float:
        return self.x + 36

    @property
    def finalist_path(self) -> str:
        return shape_path("circle", self.x + 78, self.y + 41, 5)

    @property
    def finalist_text_x(self) -> float:
        return self.x + 88

    @property
    def text(self) -> str:
        """The tile in words: its winners and finalists with their years."""
        parts = []
        if self.winners:
            parts.append(
                _("winners: %(names)s") % {"names": ", ".join(_entry(e) for e in self.winners)}
            )
        if self.finalists:
            parts.append(
                _("finalists: %(names)s") % {"names": ", ".join(_entry(e) for e in self.finalists)}
            )
        return f"{self.name}: " + ("; ".join(parts) if parts else _("none")) + "."

    @property
    def label(self) -> str:
        return _("%(county)s: %(winners)s, %(finalists)s. Show them in the list.") % {
            "county": self.name,
            "winners": ngettext("%(count)s winner", "%(count)s winners", len(self.winners))
            % {"count": len(self.winners)},
            "finalists": ngettext("%(count)s finalist", "%(count)s finalists", len(self.finalists))
            % {"count": len(self.finalists)},
        }


def _entry(entry) -> str:
    return f"{entry.name} ({entry.year})"


def _star(x: float, y: float, r: float = 6.5) -> str:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = math.pi / 5 * i - math.pi / 2
        points.append(f"{x + radius * math.cos(angle):.1f},{y + radius * math.sin(angle):.1f}")
    return "M" + "L".join(points) + "Z"


@dataclass
class TileMap:
    tiles: list[Tile]
    year: int | None
    summary: str
    unplaced: int  # winners and finalists of no known county: only in the list
    slug: str = "archive-map"

    @property
    def width(self) -> int:
        return TILE_COLUMNS * (TILE_WIDTH + TILE_GAP) - TILE_GAP

    @property
    def height(self) -> int:
        rows = max((t.row for t in self.tiles), default=0) + 1
        return rows * (TILE_HEIGHT + TILE_GAP) - TILE_GAP

    tile_width: int = TILE_WIDTH
    tile_height: int = TILE_HEIGHT

    @property
    def winner_key(self) -> str:
        return _star(8, 8)

    @property
    def finalist_key(self) -> str:
        return shape_path("circle", 8, 8, 5)


def archive_map(years, counties, year: int | None = None, county_url=None) -> TileMap:
    """Today's counties as tiles, each with the winners and finalists of the archive's years
    (archive.archive_years: only what is public) that lie in it today; of one year if given.
    counties: today's county municipalities, as the archive's filter has them."""
    from .archive import base_name

    tiles = {}
    extra = 0
    for county in counties:
        if county.number in COUNTY_TILES:
            column, row = COUNTY_TILES[county.number]
        else:  # a county the grid does not know (a future reform): a row of its own below
            column, row = extra % TILE_COLUMNS, 7 + extra // TILE_COLUMNS
            extra += 1
        tiles[county.number] = Tile(
            county.number,
            base_name(county.name),
            column,
            row,
            url=county_url(county.number) if county_url else "",
        )
    unplaced = 0
    for archive_year in years:
        if year is not None and archive_year.year != year:
            continue
        for entry in archive_year.entries:
            county = entry.county
            tile = tiles.get(county.number) if county is not None else None
            if tile is None:
                unplaced += 1
            elif entry.is_winner:
                tile.winners.append(entry)
            else:
                tile.finalists.append(entry)
    ordered = sorted(tiles.values(), key=lambda t: (t.row, t.column))
    return TileMap(ordered, year, _map_summary(ordered, year, unplaced), unplaced)


def _map_summary(tiles: list[Tile], year: int | None, unplaced: int) -> str:
    placed = [t for t in tiles if t.winners or t.finalists]
    if not placed:
        text = _("No winner or finalist to show on the map.")
    else:
        top = max(placed, key=lambda t: (len(t.winners), len(t.finalists)))
        text = _(
            "%(counties)s of %(total)s counties have had a winner or a finalist. Most: "
            "%(county)s, with %(winners)s and %(finalists)s."
        ) % {
            "counties": len(placed),
            "total": len(tiles),
            "county": top.name,
            "winners": ngettext("%(count)s winner", "%(count)s winners", len(top.winners))
            % {"count": len(top.winners)},
            "finalists": ngettext("%(count)s finalist", "%(count)s finalists", len(top.finalists))
            % {"count": len(top.finalists)},
        }
    if year is not None:
        text = _("In %(year)s: %(text)s") % {"year": year, "text": text}
    if unplaced:
        text += " " + ngettext(
            "%(count)s winner or finalist we cannot place in a county is only in the list.",
            "%(count)s winners and finalists we cannot place in a county are only in the list.",
            unplaced,
        ) % {"count": unplaced}
    return text
