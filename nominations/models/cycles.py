"""Awards, their yearly cycles and the criteria each cycle asks about.

The phase of a cycle is derived from its times (Europe/Oslo) and the secretariat's explicit
steps; nothing has to be switched on at midnight.
"""

import datetime
import functools
import operator
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

OSLO = ZoneInfo("Europe/Oslo")


def oslo_time(year: int, month: int, day: int, hour: int = 0, minute: int = 0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=OSLO)


def address_is_free(slug: str) -> bool:
    """Whether an award with this slug would have its page at /<slug>/ and its call at
    /<slug>/nominer/, not shadowed by a fixed address of the site (/arkiv/, /jury/, /static/…)."""
    path = f"/{slug}/"
    served = [url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url != "/"]
    if any(path.startswith(url) for url in served):
        return False
    try:
        page, call = resolve(path), resolve(f"{path}nominer/")
    except Resolver404:
        return False
    return page.url_name == "award" and call.view_name == "nominations:award_start"


class Award(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    platform = models.ForeignKey(
        "platforms.Platform",
        verbose_name=_("cooperation platform"),
        on_delete=models.PROTECT,
        related_name="awards",
        help_text=_("The agreement that the criteria cite."),
    )
    description = models.TextField(_("description"), blank=True)
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=10,
        default="AFK",
        help_text=_("Receipts are numbered PREFIX-YEAR-NNNN, e.g. AFK-2026-0042."),
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.slug and not address_is_free(self.slug):
            raise ValidationError(
                {
                    "slug": _(
                        "The address /%(slug)s/ belongs to another page of the site. Choose "
                        "another slug."
                    )
                    % {"slug": self.slug}
                }
            )

    @property
    def given_by(self) -> str:
        """Who gives the award: the parties to its platform («Frivillighet Norge og KS»)."""
        names = [str(name) for name in self.platform.parties]
        if len(names) < 2:
            return "".join(names)
        return gettext("%(names)s and %(last)s") % {
            "names": ", ".join(names[:-1]),
            "last": names[-1],
        }

    @property
    def is_site_award(self) -> bool:
        """The award the site is named after: its front page is the site's (SITE_AWARD)."""
        return self.slug == settings.SITE_AWARD


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UPCOMING = "upcoming", _("Nominations not yet open")
    OPEN = "open", _("Open for nominations")
    SCREENING = "screening", _("Closed: screening")
    JURY = "jury", _("Jury at work")
    DELIBERATION = "deliberation", _("Deliberation")
    FINALISTS = "finalists", _("Finalists published")
    ANNOUNCED = "announced", _("Winner announced")


# Whether a cycle's winner is recorded is the scoring app's to say: it registers, from its
# AppConfig.ready(), a function that returns a queryset of its records with a winner for the
# cycle OuterRef("pk"). This app imports nothing from scoring.
_winner_recorded_functions = []


def register_winner_recorded(func):
    if func not in _winner_recorded_functions:
        _winner_recorded_functions.append(func)
    return func


class CycleQuerySet(models.QuerySet):
    def with_winner_recorded(self):
        """Each cycle with `winner_recorded`: True when a winner is recorded for it."""
        found = [models.Exists(func()) for func in _winner_recorded_functions]
        recorded = functools.reduce(operator.or_, found) if found else models.Value(False)
        return self.annotate(winner_recorded=recorded)

    def published(self):
        return self.filter(is_published=True)

    def current(self, award):
        """The cycle of one award that the public and nominators see now: its latest published
        one. Two awards may each have a cycle in the same year, so the award is always named;
        current_per_award() has every award's."""
        return (
            self.published()
            .select_related("award", "award__platform")
            .filter(award=award)
            .order_by("-year")
            .first()
        )

    def current_per_award(self):
        """Each award's current cycle (see current()), in the order of the awards' names."""
        latest = (
            self.model.objects.published()
            .filter(award=models.OuterRef("award"))
            .order_by("-year")
            .values("year")[:1]
        )
        return (
            self.published()
            .filter(year=models.Subquery(latest))
            .select_related("award", "award__platform")
            .order_by("award__name", "award__pk")
        )

    def raise_results_version(self) -> int:
        """A new results_version for the cycles, in the caller's transaction: what the jury's
        score math is made from has changed (nominations/signals.py, scoring/signals.py)."""
        return self.update(results_version=models.F("results_version") + 1)


class Cycle(models.Model):
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="cycles"
    )
    year = models.PositiveIntegerField(_("year"))
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("A draft cycle is seen only by the secretariat."),
    )
    nominations_open_at = models.DateTimeField(_("nominations open"))
    nominations_close_at = models.DateTimeField(_("nomination deadline"))
    jury_started_at = models.DateTimeField(
        _("jury started"), null=True, blank=True, help_text=_("Set when screening is done.")
    )
    deliberation_started_at = models.DateTimeField(
        _("deliberation started"),
        null=True,
        blank=True,
        help_text=_("Set when the chair opens the aggregate to the jury."),
    )
    finalists_published_at = models.DateTimeField(_("finalists published at"))
    announced_at = models.DateTimeField(_("winner announced at"))

    # Settings copied to the next year with the criteria.
    reason_max_length = models.PositiveIntegerField(_("maximum length of the reason"), default=1500)
    answer_max_length = models.PositiveIntegerField(_("maximum length of an answer"), default=3000)
    finalist_count = models.PositiveSmallIntegerField(_("number of finalists"), default=3)
    # The secretariat's choice for this year alone: not copied to the next.
    lists_other_nominees = models.BooleanField(
        _("list the other nominated municipalities"),
        default=False,
        db_default=False,
        help_text=_(
            "Off: only the finalists and the winner are public. On: after the announcement the "
            "municipalities' pages also show the other nominated municipalities of this year, "
            "with their number of nominations. Those screened out are never shown."
        ),
    )
    reference_counter = models.PositiveIntegerField(default=0, editable=False)
    # Raised by every change to what the jury's score math is made from (reviews and scores,
    # conflicts, the candidates' eligibility, the criteria and their scales, the jury): the math
    # is kept in the cache under it (scoring/score_math.py, cached()).
    results_version = models.PositiveIntegerField(default=0, editable=False)

    objects = CycleQuerySet.as_manager()

    COUNTERS = ("results_version", "reference_counter")

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["award", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["award", "year"], name="one_cycle_per_award_and_year")
        ]

    def __str__(self):
        return f"{self.award} {self.year}"

    def save(self, *args, **kwargs):
        # The two counters are only ever raised in the database (raise_results_version,
        # next_reference): a save of a cycle read before a raise must not set one back, to a
        # version the cache holds or to a receipt number already given.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.COUNTERS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("nominations:award_start", kwargs={"award": self.award.slug})

    @staticmethod
    def default_times(year: int) -> dict:
        """The usual calendar: nominations in spring and summer, the winner on 5 December."""
        return {
            "nominations_open_at": oslo_time(year, 5, 1),
            "nominations_close_at": oslo_time(year, 9, 1, 23, 59),
            "finalists_published_at": oslo_time(year, 11, 20, 10),
            "announced_at": oslo_time(year, 12, 5, 12),
        }

    def clean(self):
        super().clean()
        order = [
            ("nominations_open_at", self.nominations_open_at),
            ("nominations_close_at", self.nominations_close_at),
            ("finalists_published_at", self.finalists_published_at),
            ("announced_at", self.announced_at),
        ]
        for (_earlier, before), (later, after) in zip(order, order[1:], strict=False):
            if before and after and after <= before:
                raise ValidationError({later: _("This must come after the time above it.")})

    def phase_at(self, now: datetime.datetime) -> str:
        if not self.is_published:
            return Phase.DRAFT
        if now < self.nominations_open_at:
            return Phase.UPCOMING
        if now < self.nominations_close_at:
            return Phase.OPEN
        if now >= self.announced_at:
            return Phase.ANNOUNCED
        if now >= self.finalists_published_at:
            return Phase.FINALISTS
        if self.deliberation_started_at and now >= self.deliberation_started_at:
            return Phase.DELIBERATION
        if self.jury_started_at and now >= self.jury_started_at:
            return Phase.JURY
        return Phase.SCREENING

    @property
    def phase(self) -> str:
        return self.phase_at(timezone.now())

    def get_phase_display(self):
        """The phase as the secretariat reads it. Past the announcement date it says whether a
        winner is recorded, where the queryset says so (with_winner_recorded())."""
        phase = self.phase
        if phase == Phase.ANNOUNCED and getattr(self, "winner_recorded", True) is False:
            return gettext("The announcement date has passed, but no winner is recorded")
        return Phase(phase).label

    def is_open_at(self, now: datetime.datetime) -> bool:
        return self.phase_at(now) == Phase.OPEN

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    def year_range(self) -> tuple[datetime.date, datetime.date]:
        return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)

    def eligible_municipalities(self):
        """The register rows a nominator may choose: those valid in the cycle's year, less a
        county without a county municipality of its own (Oslo is nominated as 0301)."""
        from .register import Municipality

        return Municipality.objects.valid_in(self.year).nominable()

    def next_reference(self) -> str:
        """The next receipt number, e.g. AFK-2026-0042: the row is locked, so two submits at
        the same moment never get the same number.

        The lock is FOR NO KEY UPDATE, which is all a counter needs: a plain FOR UPDATE would
        also hold up, until this submit commits, every other transaction that commits a row
        pointing at the cycle (PostgreSQL checks a foreign key with a KEY SHARE lock), such as
        another nominator's new draft."""
        with transaction.atomic():
            cycle = Cycle.objects.select_for_update(no_key=True).get(pk=self.pk)
            cycle.reference_counter += 1
            cycle.save(update_fields=["reference_counter"])
        self.reference_counter = cycle.reference_counter
        return f"{self.award.reference_prefix}-{self.year}-{cycle.reference_counter:04d}"

    @transaction.atomic
    def copy_to_year(self, year: int) -> "Cycle":
        """A new draft cycle for another year with this one's criteria and settings."""
        shift = year - self.year
        new = Cycle.objects.create(
            award=self.award,
            year=year,
            is_published=False,
            nominations_open_at=_shift_years(self.nominations_open_at, shift),
            nominations_close_at=_shift_years(self.nominations_close_at, shift),
            finalists_published_at=_shift_years(self.finalists_published_at, shift),
            announced_at=_shift_years(self.announced_at, shift),
            reason_max_length=self.reason_max_length,
            answer_max_length=self.answer_max_length,
            finalist_count=self.finalist_count,
        )
        # The new year's criteria cite the version of the platform in force in that year: a
        # clause of a revised text is cited by the same anchor in the revision, where it has one.
        in_force = self.award.platform.in_force_in(year)
        revised = {c.anchor: c for c in in_force.clauses.all()}
        for criterion in self.criteria.prefetch_related("scale_points"):
            criterion.copy_to(new, revised, in_force.pk)
        return new


def _shift_years(moment: datetime.datetime, years: int) -> datetime.datetime:
    local = moment.astimezone(OSLO)
    day = min(local.day, 28) if (local.month, local.day) == (2, 29) else local.day
    return local.replace(year=local.year + years, day=day)


class CriterionQuerySet(models.QuerySet):
    def with_clauses(self):
        """Criteria with their cited clauses in the order cited, for pages that show them."""
        from platforms.models import Clause

        cited = Clause.objects.select_related("section", "platform").order_by(
            "criterionclause__position"
        )
        return self.prefetch_related(models.Prefetch("clauses", cited))


class Criterion(models.Model):
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("short title"), max_length=120)
    question = models.TextField(_("question to nominators"))
    help_text = models.TextField(
        _("help for nominators"),
        blank=True,
        help_text=_("What a good answer shows, and what evidence helps."),
    )
    jury_guidance = models.TextField(_("guidance for the jury"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    clauses = models.ManyToManyField(
        "platforms.Clause",
        verbose_name=_("cited clauses"),
        through="CriterionClause",
        related_name="criteria",
        blank=True,
    )

    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "position"], name="one_criterion_per_position")
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def copy_to(self, cycle: Cycle, clauses_in_force=None, platform_in_force=None) -> "Criterion":
        copy = Criterion.objects.create(
            cycle=cycle,
            position=self.position,
            title=self.title,
            question=self.question,
            help_text=self.help_text,
            jury_guidance=self.jury_guidance,
            weight=self.weight,
        )
        ScalePoint.objects.bulk_create(
            ScalePoint(criterion=copy, value=p.value, description=p.description)
            for p in self.scale_points.all()
        )

        def in_force(clause):
            if clauses_in_force is None or clause.platform_id == platform_in_force:
                return clause
            return clauses_in_force.get(clause.anchor, clause)

        CriterionClause.objects.bulk_create(
            CriterionClause(criterion=copy, clause=in_force(c), position=i)
            for i, c in enumerate(self.clauses.order_by("criterionclause__position"), start=1)
        )
        # bulk_create() sends no signal: the scale is part of the score math (signals.py).
        Cycle.objects.filter(pk=cycle.pk).raise_results_version()
        return copy


class CriterionClause(models.Model):
    """A clause a criterion rests on. A cited clause cannot be deleted from its platform."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE)
    clause = models.ForeignKey("platforms.Clause", on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("cited clause")
        verbose_name_plural = _("cited clauses")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "clause"], name="cite_clause_once")
        ]

    def __str__(self):
        return str(self.clause)


class ScalePoint(models.Model):
    """One point on a criterion's score scale, with what it means."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scale_points")
    value = models.PositiveSmallIntegerField(_("points"))
    description = models.CharField(_("description"), max_length=300)

    class Meta:
        verbose_name = _("point on the scale")
        verbose_name_plural = _("score scale")
        ordering = ["criterion", "value"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "value"], name="one_description_per_point")
        ]

    def __str__(self):
        return f"{self.value}: {self.description}"
