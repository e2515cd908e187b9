"""What of a cycle's result the public sees, and when: one truth for the front page, the
finalists and announcement pages, the archive, the feed and the platform pages' citations.

- The finalists are public from the cycle's `finalists_published_at`, the winner from its
  `announced_at` (5 December by default). Both are judged at the time of the request: nothing
  has to be switched on, and no job runs at midnight.
- A page is public only when there is something to publish from a locked result: a locked
  Result with finalists for the finalists page, a locked Result with a winner for the
  announcement. An unlocked result, however complete, is never public: the lock is the jury's
  "this is final" (scoring/decision.py). A late jury therefore leaves the public with "the jury
  is at work" and a 404, never with an empty or a half-edited page.
- A result unlocked after publication (Result.corrected_at, set by decision.unlock) is being
  corrected: its finalists and announcement pages, once their time has come, answer with a short
  notice that the jury is correcting the published result (200, since people follow links to
  them), while the front page says the same and the archive, the municipality pages, the feed
  and the platform pages' citations leave the year out. Locked again, the pages are public as
  before and say that the result was corrected, and when (never why: the reason is internal).
- A draft cycle shows nothing to the public.
- Each award has its page (front_page(award), at /<slug>/), following its own current cycle;
  the site's front page is the page of the award the site is named after (site_award()).
- The secretariat (active staff with `scoring.view_result`) sees both pages at any time, marked
  as not published, to check them before they go out. The chair's result page and the
  secretariat's home warn when a publication time is near or past and the result is not locked
  (unlocked_warning).

Every public rule is here, twice over: as querysets (announced_cycles,
finalists_published_cycles) and as functions of a cycle and its result already in hand
(finalists_public, announcement_public); both must say the same.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nominations.models import Award, Criterion, CriterionClause, Cycle, Phase
from platforms.models import Platform

from . import pictures
from .models import Finalist, JuryMember, Result
from .progress import alphabetical

PREVIEW_PERMISSION = "scoring.view_result"
# How long before a publication time the chair and the secretariat are warned that the result
# is not locked yet (unlocked_warning).
UNLOCKED_WARNING_AHEAD = datetime.timedelta(days=7)


def may_preview(user) -> bool:
    """The secretariat: may read the result pages before they are published."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(PREVIEW_PERMISSION)
    )


def announced_cycles(now: datetime.datetime):
    """Cycles whose winner is public at `now`: announced from a locked result."""
    return Cycle.objects.published().filter(
        announced_at__lte=now, result__winner__isnull=False, result__locked_at__isnull=False
    )


def finalists_published_cycles(now: datetime.datetime):
    """Cycles whose finalists are public at `now` (announced ones included): published from a
    locked result."""
    has_finalists = Finalist.objects.filter(result__cycle=OuterRef("pk"))
    return (
        Cycle.objects.published()
        .filter(finalists_published_at__lte=now, result__locked_at__isnull=False)
        .filter(Exists(has_finalists))
    )


def is_locked(result: Result | None) -> bool:
    """Only a locked result is published."""
    return result is not None and result.locked_at is not None


def finalists_public(cycle: Cycle, result: Result | None, has_finalists: bool, now) -> bool:
    """The rule behind finalists_published_cycles(), for a cycle and its result already in
    hand (`has_finalists`: whether the result has finalists)."""
    return (
        cycle.is_published
        and now >= cycle.finalists_published_at
        and has_finalists
        and is_locked(result)
    )


def announcement_public(cycle: Cycle, result: Result | None, now) -> bool:
    """The rule behind announced_cycles(), for a cycle and its result already in hand."""
    return (
        cycle.is_published
        and now >= cycle.announced_at
        and has_winner(result)
        and is_locked(result)
    )


def result_public(cycle: Cycle, result: Result | None, has_finalists: bool, now) -> bool:
    """Anything of the result public at `now`: its finalists, its winner or both."""
    return finalists_public(cycle, result, has_finalists, now) or announcement_public(
        cycle, result, now
    )


def under_correction(result: Result | None) -> bool:
    """Unlocked after publication and not locked again: the public sees a notice instead."""
    return result is not None and result.corrected_at is not None and result.locked_at is None


def correcting(cycle: Cycle, result: Result | None, page: str, now) -> bool:
    """The public asks for `page` ("finalists" or "announcement") of a result under
    correction, after the page's publication time: it gets the notice, not a 404."""
    at = cycle.announced_at if page == "announcement" else cycle.finalists_published_at
    return cycle.is_published and now >= at and under_correction(result)


def corrected_on(result: Result | None) -> datetime.datetime | None:
    """When the corrected result was locked, for a result corrected after publication."""
    if result is None or result.corrected_at is None or result.locked_at is None:
        return None
    return result.locked_at


def unlocked_warning(cycle: Cycle, result: Result | None, now) -> str:
    """For the chair and the secretariat: a publication time near (UNLOCKED_WARNING_AHEAD) or
    past while the result is not locked, since nothing is published until it is. Empty when
    there is nothing to warn of."""
    if not cycle.is_published or is_locked(result):
        return ""
    if now < cycle.finalists_published_at - UNLOCKED_WARNING_AHEAD:
        return ""
    if now >= cycle.announced_at:
        text = _("The winner was to be announced %(date)s.")
        at = cycle.announced_at
    elif now >= cycle.finalists_published_at:
        text = _("The finalists were to be published %(date)s.")
        at = cycle.finalists_published_at
    else:
        text = _("The finalists are to be published %(date)s.")
        at = cycle.finalists_published_at
    return text % {"date": date_format(timezone.localtime(at), "DATETIME_FORMAT")}


def winner_recorded():
    """The results with a winner for the cycle OuterRef("pk"): for the secretariat's phase."""
    return Result.objects.filter(cycle=OuterRef("pk"), winner__isnull=False)


def has_winner(result: Result | None) -> bool:
    return result is not None and result.winner_id is not None


def public_order(finalists, announced: bool) -> list[Finalist]:
    """Finalists in the jury's order once the winner is announced; before that alphabetically,
    since the jury's order could give the winner away."""
    if announced:
        return list(finalists)
    return sorted(finalists, key=lambda f: alphabetical(f.candidate))


def absolute_url(path: str) -> str:
    """The address to share: the public site's, whatever host the request came in through."""
    return settings.SITE_URL.rstrip("/") + path


def announcement_url(cycle: Cycle) -> str:
    return reverse("public:announcement", kwargs={"award": cycle.award.slug, "year": cycle.year})


def municipality_url(number: str) -> str:
    """The public page of a municipality's history."""
    return reverse("public:municipality", kwargs={"number": number})


def finalists_url(cycle: Cycle) -> str:
    return reverse("public:finalists", kwargs={"award": cycle.award.slug, "year": cycle.year})


# The pages' anchors: templates/public/_criteria.html and _finalist.html write the same ids.
def criterion_anchor(criterion) -> str:
    return f"kriterium-{criterion.position}"


def candidate_anchor(candidate) -> str:
    return f"kandidat-{candidate.pk}"


@dataclass
class YearResult:
    """One cycle's result as its public pages show it, loaded in a constant number of queries."""

    cycle: Cycle
    result: Result | None
    finalists: list[Finalist]
    criteria: list
    jury: list[JuryMember]
    now: datetime.datetime
    preview: bool = False
    # The public asked for a page of a result under correction: the page shows the notice only.
    correcting: bool = False

    @property
    def finalists_public(self) -> bool:
        return finalists_public(self.cycle, self.result, bool(self.finalists), self.now)

    @property
    def announcement_public(self) -> bool:
        return announcement_public(self.cycle, self.result, self.now)

    @property
    def under_correction(self) -> bool:
        """Unlocked after publication: for the secretariat's preview banner."""
        return under_correction(self.result)

    @property
    def corrected_on(self) -> datetime.datetime | None:
        return corrected_on(self.result)

    @property
    def winner(self):
        return self.result.winner if self.result else None

    @property
    def numbers(self) -> "pictures.YearInNumbers | None":
        """The year in numbers (counts only), once the winner is announced."""
        return pictures.year_in_numbers(self.cycle) if self.announcement_public else None

    @property
    def winner_id(self):
        return self.result.winner_id if self.result else None

    @property
    def announced_winner_id(self):
        """The winner, for pages that may name it only once it is announced."""
        return self.winner_id if self.announcement_public else None

    @property
    def finalist_names(self) -> str:
        return ", ".join(f.candidate.municipality.display_name for f in self.finalists)

    @property
    def justification_criteria(self) -> list:
        """In the criteria's order (load_year marks them)."""
        return [c for c in self.criteria if getattr(c, "justified", False)]

    @property
    def platforms(self) -> list[Platform]:
        """The platform revisions the year's criteria cite: the ones in force that year, since
        criteria cite the clauses of the revision they were written against."""
        found = {}
        for criterion in self.criteria:
            for clause in criterion.clauses.all():
                found.setdefault(clause.platform_id, clause.platform)
        return list(found.values()) or [self.cycle.award.platform]


def load_year(
    award_slug: str, year: int, now, *, with_jury: bool = True, with_numbers: bool = False
) -> YearResult:
    """Everything the finalists or announcement page of a year shows, or 404 for no cycle;
    what depends on `now` is decided here, on every call. with_numbers: the year's counts of
    nominations too (pictures.nomination_counts), read with the cycle."""
    read = _read_year(award_slug, year, with_jury, with_numbers)
    if read is None:
        raise Http404
    year_result = YearResult(*read, now=now)
    year_result.finalists = public_order(year_result.finalists, year_result.announcement_public)
    return year_result


def _read_year(award_slug: str, year: int, with_jury: bool, with_numbers: bool = False):
    """(cycle, result, finalists, criteria, jury), or None when there is no such cycle."""
    cycles = Cycle.objects.select_related("award__platform", "result__winner__municipality__county")
    if with_numbers:
        cycles = cycles.annotate(**pictures.nomination_counts())
    cycle = (
        cycles.filter(award__slug=award_slug, year=year)
        .order_by("pk")  # one at most; the default order would join the award to sort by name
        .first()
    )
    if cycle is None:
        return None
    result = getattr(cycle, "result", None)  # read with the cycle; None before the jury's choice
    finalists = []
    criteria = cycle.criteria.with_clauses().order_by("position")
    if result is not None:
        finalists = list(
            result.finalists.select_related("candidate__municipality__county")
            .prefetch_related(Prefetch("criteria", Criterion.objects.order_by("position")))
            .order_by("position")
        )
        # Which criteria the justification speaks to, read with the criteria themselves.
        justified = Result.justification_criteria.through.objects.filter(
            result_id=result.pk, criterion_id=OuterRef("pk")
        )
        criteria = criteria.annotate(justified=Exists(justified))
    criteria = list(criteria)
    jury = []
    if with_jury:
        # The names only: the public page never reads a juror's password hash or address.
        jury = list(
            JuryMember.objects.filter(jury__cycle=cycle)
            .select_related("user")
            .only("jury_id", "is_chair", "user__username", "user__first_name", "user__last_name")
            .order_by("-is_chair", "user__last_name", "user__first_name")
        )
    return cycle, result, finalists, criteria, jury


def year_for(user, award_slug: str, year: int, page: str) -> YearResult:
    """The year's result if `page` ("finalists" or "announcement") may be shown to this
    visitor now: to the public once published, to the secretariat always (as a preview). To
    the public while the result is corrected after publication, marked `correcting`: the page
    then says so and shows nothing of the result."""
    announcement = page == "announcement"
    now = timezone.now()
    loaded = load_year(award_slug, year, now, with_jury=announcement, with_numbers=announcement)
    public = loaded.announcement_public if page == "announcement" else loaded.finalists_public
    if public:
        return loaded
    if may_preview(user):
        loaded.preview = True
        return loaded
    if correcting(loaded.cycle, loaded.result, page, now):
        loaded.correcting = True
        return loaded
    raise Http404


class FrontState:
    """What the front page shows, following the current cycle."""

    GENERAL = "general"  # no published cycle yet
    UPCOMING = "upcoming"  # published, nominations not yet open
    OPEN = "open"  # the call
    JURY = "jury"  # after the deadline, until there is something published
    CORRECTING = "correcting"  # unlocked after publication, until it is locked again
    FINALISTS = "finalists"
    ANNOUNCED = "announced"


@dataclass
class FrontPage:
    state: str
    cycle: Cycle | None = None
    result: Result | None = None
    finalists: list[Finalist] = field(default_factory=list)
    criteria: list = field(default_factory=list)
    days_left: int | None = None
    # Announcement times still ahead; None once passed (then the page says "soon").
    finalists_due: datetime.datetime | None = None
    winner_due: datetime.datetime | None = None
    # While a new year's call is out, the latest year with a public result, to point to.
    previous: Cycle | None = None
    previous_announced: bool = False

    @property
    def corrected_on(self) -> datetime.datetime | None:
        return corrected_on(self.result)


def site_award() -> Award | None:
    """The award whose page is the site's front page (SITE_AWARD), or the first award by name
    on a site without it."""
    awards = Award.objects.select_related("platform")
    return awards.filter(slug=settings.SITE_AWARD).first() or awards.order_by("name").first()


def front_page(now, award: Award | None) -> FrontPage:
    """An award's page: its current cycle's call, jury, finalists or winner."""
    cycle = Cycle.objects.current(award) if award is not None else None
    if cycle is None:
        return FrontPage(FrontState.GENERAL)
    phase = cycle.phase_at(now)
    if phase in (Phase.UPCOMING, Phase.OPEN):
        front = FrontPage(FrontState.UPCOMING, cycle)
        if phase == Phase.OPEN:
            front.state = FrontState.OPEN
            front.criteria = list(cycle.criteria.with_clauses())
            front.days_left = days_left(cycle, now)
        front.previous = (
            (finalists_published_cycles(now) | announced_cycles(now))
            .filter(award=cycle.award_id, year__lt=cycle.year)
            .select_related("award", "result__winner__municipality")
            .order_by("-year")
            .first()
        )
        if front.previous is not None:
            front.previous_announced = announcement_public(
                front.previous, front.previous.result, now
            )
        return front
    result = None
    finalists = []
    if phase in (Phase.FINALISTS, Phase.ANNOUNCED):
        result = (
            Result.objects.select_related("winner__municipality__county")
            .filter(cycle=cycle)
            .first()
        )
        if is_locked(result):  # an unlocked result's finalists are never shown
            finalists = list(result.finalists.select_related("candidate__municipality__county"))
    if announcement_public(cycle, result, now):
        state = FrontState.ANNOUNCED
    elif finalists_public(cycle, result, bool(finalists), now):
        state = FrontState.FINALISTS
        finalists = public_order(finalists, announced=False)
    elif correcting(cycle, result, "finalists", now):
        state = FrontState.CORRECTING
    else:
        state = FrontState.JURY
    return FrontPage(
        state,
        cycle,
        result=result,
        finalists=finalists,
        finalists_due=cycle.finalists_published_at if now < cycle.finalists_published_at else None,
        winner_due=cycle.announced_at if now < cycle.announced_at else None,
    )


def days_left(cycle: Cycle, now) -> int:
    """Whole days in Norwegian time from today to the deadline's day (0: the last day)."""
    return (timezone.localdate(cycle.nominations_close_at) - timezone.localdate(now)).days


@dataclass(frozen=True)
class ClauseCitation:
    """One criterion of one year that cites a clause (shown on the platform page)."""

    label: str
    url: str


def clause_notes(platform: Platform) -> dict[int, list[ClauseCitation]]:
    """{clause id: the criteria of published cycles that cite it}, in one query.

    Registered with platforms.notes in ScoringConfig.ready(), so that `platforms` shows the
    citations without knowing of awards. A criterion links to its year's announcement once
    that is public, else to its finalists page, to the call while nominations are open, else
    to nothing.
    """
    now = timezone.now()
    of_cycle = OuterRef("criterion__cycle")
    rows = (
        CriterionClause.objects.filter(
            clause__platform=platform, criterion__cycle__is_published=True
        )
        .select_related("criterion__cycle__award", "criterion__cycle__result")
        .annotate(has_finalists=Exists(Finalist.objects.filter(result__cycle=of_cycle)))
        .order_by("-criterion__cycle__year", "criterion__cycle__award__name", "criterion__position")
    )
    notes: dict[int, list[ClauseCitation]] = {}
    for row in rows:
        criterion = row.criterion
        cycle = criterion.cycle
        anchor = criterion_anchor(criterion)
        result = getattr(cycle, "result", None)  # read with the row; None before the choice
        if announcement_public(cycle, result, now):
            url = f"{announcement_url(cycle)}#{anchor}"
        elif finalists_public(cycle, result, row.has_finalists, now):
            url = f"{finalists_url(cycle)}#{anchor}"
        elif cycle.phase_at(now) == Phase.OPEN:
            url = reverse("nominations:award_start", kwargs={"award": cycle.award.slug})
        else:
            url = ""
        label = f"{cycle.award.name} {cycle.year}: {criterion.title}"
        notes.setdefault(row.clause_id, []).append(ClauseCitation(label, url))
    return notes
