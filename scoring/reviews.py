"""A juror's review of one candidate: what the candidate page shows, and saving, marking done
and reopening a review.

Rules (who may see what is decided in access.py):

- A review belongs to one juror; every function here takes the juror's seat and works only on
  that juror's own review, so no input can name someone else's.
- A review changes only while the cycle is in the jury phase, and only while it is not marked
  done (reopen it first).
- Every change raises the review's version. A save names the version it was based on; one based
  on an older version is refused, so two tabs never silently overwrite each other.
- A score is one of the criterion's points on its scale, for a criterion of the review's cycle.
- A review can be marked done only when every criterion of the cycle has a score.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nominations import audit
from nominations.models import (
    Answer,
    Attachment,
    AuditKind,
    Criterion,
    Nomination,
    NominationStatus,
    ScalePoint,
)
from platforms.models import Clause

from . import access
from .models import Conflict, EvidenceMark, JuryComment, JuryMember, Review, ReviewStatus, Score


class ReviewRefused(Exception):
    """A change the rules do not allow; `message` says why, in the reader's language."""

    status = 409

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ReadOnly(ReviewRefused):
    status = 403


class AlreadyDone(ReviewRefused):
    pass


class StaleReview(ReviewRefused):
    """Saved elsewhere (another tab) since the form was loaded."""

    def __init__(self, stored: Review):
        super().__init__(
            _(
                "This review has been changed in another tab or window since you opened it. "
                "Nothing was overwritten."
            )
        )
        self.stored = stored


class Incomplete(ReviewRefused):
    def __init__(self, missing: list[Criterion]):
        super().__init__(
            _(
                "Give a score on every criterion before marking the review done. "
                "Missing: %(criteria)s."
            )
            % {"criteria": "; ".join(f"{c.position}. {c.title}" for c in missing)}
        )
        self.missing = missing


@dataclass
class Entry:
    """What a juror writes on one criterion."""

    value: int | None = None
    comment: str = ""
    evidence: str = ""

    @property
    def is_empty(self):
        return self.value is None and not self.comment and not self.evidence

    def get_evidence_display(self):
        return EvidenceMark(self.evidence).label if self.evidence in EvidenceMark.values else ""


# --- Reading -------------------------------------------------------------------------------------


def scored_criteria(cycle_id):
    """The cycle's criteria with their scales: what a review form and a save need of them."""
    # The points by value: their default order would join the criterion, cycle and award.
    points = models.Prefetch("scale_points", ScalePoint.objects.order_by("value"))
    return Criterion.objects.filter(cycle_id=cycle_id).prefetch_related(points).order_by("position")


def criteria_for(cycle):
    """The cycle's criteria with what the page shows of each: cited clauses and scale."""
    # Of each clause what its citation shows (nominations/_criterion_clauses.html), not the
    # whole platform's texts and dates, which took the most of the criteria's reading.
    cited = (
        Clause.objects.select_related("section", "platform")
        .only(*CITED_CLAUSE_FIELDS)
        .order_by("criterionclause__position")
    )
    return list(scored_criteria(cycle.pk).prefetch_related(models.Prefetch("clauses", cited)))


# What Clause.reference, .text_html() and .get_absolute_url() read.
CITED_CLAUSE_FIELDS = (
    "platform_id",
    "section_id",
    "kind",
    "number",
    "anchor",
    "text",
    "section__heading",
    "platform__slug",
)


def own_review(member: JuryMember, candidate) -> Review | None:
    return (
        Review.objects.filter(member=member, candidate=candidate).prefetch_related("scores").first()
    )


def status_of(review: Review | None) -> str:
    """As the juror's home counts it (progress.py): started once anything is written."""
    if review is None:
        return ReviewStatus.NOT_STARTED
    if review.is_done:
        return ReviewStatus.DONE
    written = review.overall_comment or any(
        s.value is not None or s.comment or s.evidence for s in review.scores.all()
    )
    return ReviewStatus.IN_PROGRESS if written else ReviewStatus.NOT_STARTED


def saved_message(review: Review, now=None) -> str:
    """«Saved at 14:32» today; with the date on another day."""
    saved = timezone.localtime(review.updated_at)
    today = timezone.localtime(now or timezone.now()).date()
    if saved.date() == today:
        return _("Saved at %(time)s") % {"time": date_format(saved, "TIME_FORMAT")}
    return _("Saved %(date)s at %(time)s") % {
        "date": date_format(saved, "DATE_FORMAT"),
        "time": date_format(saved, "TIME_FORMAT"),
    }


@dataclass
class Cell:
    """One nomination's answer to one criterion, with its evidence files."""

    nomination: Nomination
    number: int
    answer: object | None
    files: list[Attachment]


@dataclass
class CriterionBlock:
    criterion: Criterion
    cells: list[Cell]
    own: Score | None = None  # the viewer's own score, for the read-only view

    @property
    def own_point(self):
        """The point of the scale the viewer gave, with its description."""
        if self.own is None or self.own.value is None:
            return None
        return next(
            (p for p in self.criterion.scale_points.all() if p.value == self.own.value), None
        )


@dataclass
class OtherReview:
    review: Review
    rows: list  # (criterion, Score or None) in the page's order


@dataclass
class CandidatePage:
    """Everything the candidate page shows, in a constant number of queries."""

    access: access.CandidateAccess
    criteria: list[Criterion]
    nominations: list[Nomination]
    blocks: list[CriterionBlock]
    review: Review | None
    status: str
    may_score: bool
    may_discuss: bool
    sees_others: bool
    others: list[OtherReview] = field(default_factory=list)
    others_not_done: list[JuryMember] = field(default_factory=list)
    comments: list[JuryComment] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        """The form is shown: a juror in the jury phase whose review is not done."""
        return self.may_score and not (self.review and self.review.is_done)


def submitted_nominations(candidate):
    """What the jury reads: submitted nominations only (not drafts, not withdrawn). The
    nominators' contact details are left out of the query on purpose."""
    return (
        Nomination.objects.filter(candidate=candidate, status=NominationStatus.SUBMITTED)
        .only(
            "pk",
            "candidate_id",
            "reference",
            "is_municipality_material",
            "nominator_name",
            "nominator_kind",
            "organisation_name",
            "reason",
            "submitted_at",
        )
        .order_by("-is_municipality_material", "submitted_at", "pk")
    )


def _answers_and_files(nominations) -> tuple[dict, dict]:
    """Each nomination's answers by criterion and its files, in two queries. Read directly, not
    prefetched: the prefetch machinery cost more than the queries themselves. Their default
    order would join the nomination's cycle."""
    ids = [n.pk for n in nominations]
    answers = {pk: {} for pk in ids}
    for answer in Answer.objects.filter(nomination_id__in=ids).order_by("pk"):
        answers[answer.nomination_id][answer.criterion_id] = answer
    files = {pk: [] for pk in ids}
    for file in Attachment.objects.filter(nomination_id__in=ids).order_by("uploaded_at", "pk"):
        files[file.nomination_id].append(file)
    return answers, files


def candidate_page(viewer: access.CandidateAccess, now=None) -> CandidatePage:
    now = now or timezone.now()
    candidate, member = viewer.candidate, viewer.member
    criteria = criteria_for(viewer.cycle)
    nominations = list(submitted_nominations(candidate))
    answers, files = _answers_and_files(nominations)
    for n in nominations:
        # The files sent with the nomination as a whole, not as evidence for one criterion.
        n.general_files = [f for f in files[n.pk] if f.criterion_id is None]
    review, others = _jury_reviews(member, candidate, now) if member else (None, [])
    sees_others = member is not None and access.may_see_others(member, review, now)
    if not sees_others:
        others = []
    # The scores of every review shown, in one query.
    models.prefetch_related_objects([r for r in (review, *others) if r is not None], "scores")
    own_scores = {s.criterion_id: s for s in review.scores.all()} if review else {}
    blocks = [
        CriterionBlock(
            criterion=criterion,
            cells=[
                Cell(
                    nomination=n,
                    number=i,
                    answer=answers[n.pk].get(criterion.pk),
                    files=[f for f in files[n.pk] if f.criterion_id == criterion.pk],
                )
                for i, n in enumerate(nominations, start=1)
            ],
            own=own_scores.get(criterion.pk),
        )
        for criterion in criteria
    ]
    page = CandidatePage(
        access=viewer,
        criteria=criteria,
        nominations=nominations,
        blocks=blocks,
        review=review,
        status=status_of(review),
        may_score=member is not None and access.may_score(member, now),
        may_discuss=access.may_discuss(viewer, now),
        sees_others=sees_others,
        comments=list(discussion(viewer)),
    )
    if sees_others:
        page.others, page.others_not_done = others_reviews(others, criteria)
    return page


def _jury_reviews(member: JuryMember, candidate, now=None) -> tuple[Review | None, list[Review]]:
    """The juror's own review of the candidate and, when the jury's policy shows them in this
    phase, the other jurors' reviews of it too, in one query (their scores are not read here).
    Jurors in conflict with the candidate have no review to show."""
    if not access.reveals_others(member, now):
        return Review.objects.filter(member=member, candidate=candidate).first(), []
    everyone = _jury_reviews_of(member.jury_id).filter(candidate_id=candidate.pk)
    own, others = None, []
    for review in everyone:
        if review.member_id == member.pk:
            own = review
        else:
            others.append(review)
    return own, others


def _jury_reviews_of(jury_pk: int):
    """The jury's reviews, without those by jurors in conflict with the reviewed candidate."""
    in_conflict = Conflict.objects.active().filter(
        member=models.OuterRef("member"), candidate=models.OuterRef("candidate")
    )
    return (
        Review.objects.filter(member__jury_id=jury_pk)
        .exclude(models.Exists(in_conflict))
        .select_related("member__user")
        .order_by("member__user__last_name", "member__user__first_name", "pk")
    )


def others_reviews(reviews: list[Review], criteria):
    """The other jurors' reviews of the candidate, their scores read: the done ones in full,
    and who has not finished. Only for a juror who may see them (access.may_see_others)."""
    done, not_done = [], []
    for review in reviews:
        if review.is_done:
            scores = {s.criterion_id: s for s in review.scores.all()}
            done.append(OtherReview(review, [(c, scores.get(c.pk)) for c in criteria]))
        else:
            not_done.append(review.member)
    return done, not_done


def discussion(viewer: access.CandidateAccess):
    """The jury's internal discussion of the candidate, oldest first. Whether the author sits on
    the jury is shown, so the secretariat's comments are told apart."""
    return _discussion_of(viewer.cycle.pk).filter(candidate_id=viewer.candidate.pk)


def _discussion_of(cycle_pk: int):
    """The comments on the cycle's candidates."""
    seat = JuryMember.objects.filter(jury__cycle_id=cycle_pk, user=models.OuterRef("author"))
    return (
        JuryComment.objects.select_related("author")
        .annotate(by_juror=models.Exists(seat))
        .order_by("created_at", "pk")
    )


# --- Changing ------------------------------------------------------------------------------------


def _check_may_change(member: JuryMember, now=None):
    if not access.may_score(member, now):
        raise ReadOnly(_("The jury phase is over: the reviews can no longer be changed."))


def _locked_review(member: JuryMember, candidate) -> Review:
    """The juror's review, created when first saved, locked until the transaction ends."""
    review, _created = Review.objects.select_for_update().get_or_create(
        member=member, candidate=candidate
    )
    return review


def check_entries(criteria: dict, entries: dict) -> None:
    """Every entry is for a criterion of the cycle, with a point on its scale and a known mark."""
    errors = {}
    for criterion_pk, entry in entries.items():
        criterion = criteria.get(criterion_pk)
        if criterion is None:
            raise ValidationError(
                _("The form names a criterion that is not part of this cycle."),
                code="foreign_criterion",
            )
        scale = [p.value for p in criterion.scale_points.all()]
        if entry.value is not None and entry.value not in scale:
            errors[f"c{criterion_pk}-score"] = _(
                "Choose one of the points on the scale (%(low)s–%(high)s)."
            ) % {"low": min(scale, default="–"), "high": max(scale, default="–")}
        if entry.evidence and entry.evidence not in EvidenceMark.values:
            errors[f"c{criterion_pk}-evidence"] = _("Choose one of the marks.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save(
    member: JuryMember,
    candidate,
    entries: dict,
    overall_comment: str | None,
    version: int,
    now=None,
    criteria=None,
    tab: str = "",
) -> Review:
    """Store what the juror wrote, as one change. `entries` maps criterion pk to Entry; criteria
    not named are left as they are; `overall_comment` None leaves it as it is. The candidate must
    come from access.candidate_for(member, …). `criteria`: the cycle's, with their scales, when
    the caller has read them already (scored_criteria). `tab`: the browser tab's own id, when its
    script sent one: a save from the tab that made the last one is that tab's newest, even when
    it names an older version (a save sent as the page was reloaded landed after the new page
    was read), so it is never refused as another tab's."""
    _check_may_change(member, now)
    if criteria is None:
        criteria = scored_criteria(member.jury.cycle_id)
    criteria = {c.pk: c for c in criteria}
    check_entries(criteria, entries)
    review = _locked_review(member, candidate)
    # The version first: a review marked done in another tab is a change this form never saw.
    if version != review.version and not (tab and tab == review.saved_by_tab):
        raise StaleReview(review)
    if review.is_done:
        raise AlreadyDone(_("The review is marked done. Reopen it to change it."))

    existing = {s.criterion_id: s for s in review.scores.all()}
    changed, new, record = [], [], []
    for criterion_pk, entry in entries.items():
        score = existing.get(criterion_pk)
        if score is None:
            if not entry.is_empty:
                record += _score_changes(criteria[criterion_pk], Entry(), entry)
                new.append(
                    Score(
                        review=review,
                        criterion_id=criterion_pk,
                        value=entry.value,
                        comment=entry.comment,
                        evidence=entry.evidence,
                    )
                )
        elif (score.value, score.comment, score.evidence) != (
            entry.value,
            entry.comment,
            entry.evidence,
        ):
            stored = Entry(score.value, score.comment, score.evidence)
            record += _score_changes(criteria[criterion_pk], stored, entry)
            score.value, score.comment, score.evidence = entry.value, entry.comment, entry.evidence
            changed.append(score)
    Score.objects.bulk_create(new)
    Score.objects.bulk_update(changed, ["value", "comment", "evidence"])
    if overall_comment is not None and overall_comment != review.overall_comment:
        record.append(
            audit.field_change(Review, "overall_comment", review.overall_comment, overall_comment)
        )
        review.overall_comment = overall_comment
    review.version += 1
    review.saved_by_tab = tab
    review.save()
    if record:
        _record(AuditKind.SCORES, member, candidate, review, changes=record, at=now)
    return review


_SCORE_FIELDS = ("value", "comment", "evidence")


def _score_changes(criterion, before: Entry, after: Entry) -> list[dict]:
    """What changed on one criterion, in the record's terms."""
    return [
        audit.field_change(
            Score, name, getattr(before, name), getattr(after, name), subject=criterion
        )
        for name in _SCORE_FIELDS
        if getattr(before, name) != getattr(after, name)
    ]


def _record(kind, member: JuryMember, candidate, review: Review, *, changes=(), at=None):
    """The review's entry in the audit record: one INSERT, with the names already loaded."""
    audit.record(
        kind,
        review,
        actor=member.user,
        cycle=member.jury.cycle_id,
        object_repr=f"{member} – {candidate.municipality.display_name}",
        changes=changes,
        at=at,
    )


@transaction.atomic
def mark_done(member: JuryMember, candidate, now=None) -> Review:
    _check_may_change(member, now)
    review = _locked_review(member, candidate)
    if review.is_done:
        return review
    scored = set(review.scores.filter(value__isnull=False).values_list("criterion_id", flat=True))
    missing = [c for c in member.jury.cycle.criteria.order_by("position") if c.pk not in scored]
    if missing:
        raise Incomplete(missing)
    review.done_at = now or timezone.now()
    review.version += 1
    review.saved_by_tab = ""
    review.save()
    _record(
        AuditKind.REVIEW_DONE,
        member,
        candidate,
        review,
        changes=[audit.field_change(Review, "done_at", None, review.done_at)],
        at=now,
    )
    return review


@transaction.atomic
def reopen(member: JuryMember, candidate, now=None) -> Review | None:
    _check_may_change(member, now)
    review = Review.objects.select_for_update().filter(member=member, candidate=candidate).first()
    if review is not None and review.is_done:
        done_at = review.done_at
        review.done_at = None
        review.version += 1
        review.saved_by_tab = ""
        review.save()
        _record(
            AuditKind.REVIEW_REOPENED,
            member,
            candidate,
            review,
            changes=[audit.field_change(Review, "done_at", done_at, None)],
            at=now,
        )
    return review


@transaction.atomic
def add_comment(viewer: access.CandidateAccess, author, text: str, now=None) -> JuryComment:
    if not access.may_discuss(viewer, now):
        raise ReadOnly(_("The jury's discussion of this cycle is closed."))
    return JuryComment.objects.create(candidate=viewer.candidate, author=author, text=text.strip())
