"""Cooperation platforms: signed agreements held as structured, citable text.

A platform has sections, a section has clauses (numbered clauses, lettered points, bullets and
plain paragraphs). Every section and clause has an anchor that is unique within its platform and
stays the same when the text is imported again, so that links to ``/plattformer/<slug>/#<anchor>``
keep working from criteria, nominations and announcements.
"""

import datetime
import re

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    YEAR = "year", _("year only")


def format_partial_date(value, precision):
    """A date as the reader's language writes it, or only its year when that is all we know."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    from django.utils.formats import date_format

    return date_format(value, "DATE_FORMAT")


class PlatformQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("revises").order_by("title")

    def with_full_text(self):
        """Everything the public page shows, in a constant number of queries."""
        # Each clause's platform is this one: the view sets it, rather than a join per clause.
        return self.select_related("revises").prefetch_related(
            models.Prefetch("sections", Section.objects.order_by("position")),
            models.Prefetch("sections__clauses", Clause.objects.order_by("position")),
            models.Prefetch("footnotes", Footnote.objects.order_by("label")),
            "revisions",
        )


class Platform(models.Model):
    title = models.CharField(_("title"), max_length=300)
    # A line under the title that the document itself prints, e.g. who the agreement is between.
    subtitle = models.CharField(_("subtitle"), max_length=500, blank=True, db_default="")
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind of document"), max_length=100, blank=True)
    parties = models.JSONField(_("parties"), default=list)
    signed_place = models.CharField(_("place of signing"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_on_precision = models.CharField(
        max_length=4, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_from_precision = models.CharField(
        max_length=4, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    valid_until_precision = models.CharField(
        max_length=4, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    term = models.CharField(_("term"), max_length=300, blank=True)
    notice = models.CharField(_("notice"), max_length=300, blank=True)
    history = models.TextField(_("history"), blank=True)
    signatories = models.JSONField(_("signatories"), default=list, blank=True)
    revises = models.ForeignKey(
        "self",
        verbose_name=_("revises"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
    )
    # Where this text comes from, and the date the text itself bears (empty: not dated).
    source = models.CharField(_("source of the text"), max_length=500, blank=True, db_default="")
    text_date = models.DateField(_("date of the text"), null=True, blank=True)
    text_date_precision = models.CharField(
        max_length=4,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        db_default=DatePrecision.DAY,
    )
    source_name = models.CharField(_("source file"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("last imported"), null=True, blank=True)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation platform")
        verbose_name_plural = _("cooperation platforms")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("platforms:detail", kwargs={"slug": self.slug})

    @property
    def parties_display(self):
        return " – ".join(self.parties)

    @property
    def signed_on_display(self):
        return format_partial_date(self.signed_on, self.signed_on_precision)

    @property
    def valid_from_display(self):
        return format_partial_date(self.valid_from, self.valid_from_precision)

    @property
    def valid_until_display(self):
        return format_partial_date(self.valid_until, self.valid_until_precision)

    @property
    def text_date_display(self):
        return format_partial_date(self.text_date, self.text_date_precision)

    @property
    def has_ended(self):
        """True once the agreement's term is over: it is shown as ended, not as in force."""
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    def in_force_in(self, year):
        """The newest version of this text (itself or a revision of it, followed down the chain)
        that was in force in the given year: a revision counts from the year it took effect."""
        version = self
        seen = {self.pk}
        while True:
            newer = [
                revision
                for revision in version.revisions.all()
                if revision.pk not in seen
                and (revision.valid_from is None or revision.valid_from.year <= year)
            ]
            if not newer:
                return version
            version = max(
                newer,
                key=lambda r: (
                    r.valid_from or r.signed_on or r.text_date or datetime.date.min,
                    r.pk,
                ),
            )
            seen.add(version.pk)


class Section(models.Model):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=300)
    anchor = models.SlugField(_("anchor"), max_length=100)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["platform", "position"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "anchor"], name="unique_section_anchor"),
        ]

    def __str__(self):
        return self.heading

    def get_absolute_url(self):
        return f"{self.platform.get_absolute_url()}#{self.anchor}"

    def blocks(self):
        """The section's text as the page lays it out: paragraphs, and lists of clauses with
        their points beneath them. Works on prefetched clauses, so it costs no query."""
        clauses = list(self.clauses.all())
        children: dict[int, list[Clause]] = {}
        for clause in clauses:
            if clause.parent_id:
                children.setdefault(clause.parent_id, []).append(clause)
        blocks: list[dict] = []
        for clause in clauses:
            if clause.parent_id:
                continue
            clause.subclauses = children.get(clause.pk, [])
            if clause.kind == ClauseKind.PARAGRAPH:
                blocks.append({"kind": "paragraph", "clause": clause})
            elif blocks and blocks[-1]["kind"] == clause.kind:
                blocks[-1]["clauses"].append(clause)
            else:
                blocks.append({"kind": clause.kind, "clauses": [clause]})
        return blocks


class ClauseKind(models.TextChoices):
    PARAGRAPH = "paragraph", _("paragraph")
    NUMBERED = "numbered", _("numbered clause")
    LETTERED = "lettered", _("lettered point")
    BULLET = "bullet", _("bullet point")


FOOTNOTE_REF = re.compile(r"\[\^([A-Za-z0-9]+)\]")


class ClauseQuerySet(models.QuerySet):
    def with_platform(self):
        return self.select_related("section", "platform")


class Clause(models.Model):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="clauses")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=ClauseKind.choices)
    # As written in the agreement: "1", "1a"; a bullet's position ("3", or "4-2" under clause
    # 4); empty for a plain paragraph.
    number = models.CharField(_("number"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    text = models.TextField(_("text"))
    anchor = models.SlugField(_("anchor"), max_length=120)

    objects = ClauseQuerySet.as_manager()

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["platform", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "anchor"], name="unique_clause_anchor"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.platform.get_absolute_url()}#{self.anchor}"

    @property
    def marker(self):
        """The number as the agreement prints it in front of the text."""
        if self.kind == ClauseKind.NUMBERED:
            return f"{self.number}."
        if self.kind == ClauseKind.LETTERED:
            return f"{self.number[-1]}."
        if self.kind == ClauseKind.BULLET:
            return "–" if self.parent_id else "•"
        return ""

    @property
    def reference(self):
        """How a criterion or a reader cites the clause: «Relasjonen … 1e»."""
        if self.kind == ClauseKind.PARAGRAPH:
            return _("%(section)s, paragraph %(n)s") % {
                "section": self.section.heading,
                "n": self.anchor.rsplit("-", 1)[-1],
            }
        return f"{self.section.heading} {self.number}"

    def text_html(self):
        """The text, escaped, with footnote references turned into links."""
        return mark_safe(
            FOOTNOTE_REF.sub(
                lambda m: format_html(
                    '<sup class="footnote-ref"><a href="{2}#fotnote-{0}" '
                    'aria-label="{1} {0}">{0}</a></sup>',
                    m.group(1),
                    _("Footnote"),
                    # The platform page's address, so the link works where a clause is quoted.
                    self.platform.get_absolute_url(),
                ),
                escape(self.text),
            )
        )


def cite_clauses(clauses) -> str:
    """Clauses cited together, grouped by section in the order given, as a reader says it:
    «Relasjonen mellom frivillig sektor og kommunen», punkt 1 og 1c; «Formål», avsnitt 3."""
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for clause in clauses:
        numbers, paragraphs = groups.setdefault(clause.section.heading, ([], []))
        if clause.kind == ClauseKind.PARAGRAPH:
            paragraphs.append(clause.anchor.rsplit("-", 1)[-1])
        else:
            numbers.append(clause.number)
    parts = []
    for heading, (numbers, paragraphs) in groups.items():
        cited = []
        if numbers:
            cited.append(
                ngettext("clause %(numbers)s", "clauses %(numbers)s", len(numbers))
                % {"numbers": get_text_list(numbers, gettext("and"))}
            )
        if paragraphs:
            cited.append(
                ngettext("paragraph %(numbers)s", "paragraphs %(numbers)s", len(paragraphs))
                % {"numbers": get_text_list(paragraphs, gettext("and"))}
            )
        parts.append(f"«{heading}», {get_text_list(cited, gettext('and'))}")
    return "; ".join(parts)


class Footnote(models.Model):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="footnotes")
    label = models.CharField(_("label"), max_length=20)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")
        ordering = ["platform", "label"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "label"], name="unique_footnote_label"),
        ]

    def __str__(self):
        return f"{self.label}: {self.text}"

    @property
    def anchor(self):
        return f"fotnote-{self.label}"
