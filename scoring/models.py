"""The jury's work: members, conflicts of interest, reviews with a score per criterion, and
the jury's internal discussion. Who may see and change what is decided in scoring/access.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from nominations.models import AuditEntry, Candidate, Criterion, Cycle


def short_datetime(value) -> str:
    """A time in Norwegian time, written the way the active language writes it."""
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


class RevealPolicy(models.TextChoices):
    IN_DELIBERATION = "deliberation", _("From the deliberation, after one's own review is done")
    AFTER_OWN_REVIEW = "after_review", _("As soon as one's own review is done")
    NEVER = "never", _("Never: only the chair sees the aggregate")


class Jury(models.Model):
    cycle = models.OneToOneField(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="jury"
    )
    reveal_policy = models.CharField(
        _("when jurors see each other's scores"),
        max_length=12,
        choices=RevealPolicy.choices,
        default=RevealPolicy.IN_DELIBERATION,
        help_text=_("A juror never sees others' scores before marking their own review done."),
    )

    class Meta:
        verbose_name = _("jury")
        verbose_name_plural = _("juries")

    def __str__(self):
        return _("Jury %(cycle)s") % {"cycle": self.cycle}


class JuryMember(models.Model):
    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="jury_memberships",
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    # Set when the juror has gone through the list of candidates and declared any conflicts.
    conflicts_declared_at = models.DateTimeField(_("conflicts declared"), null=True, blank=True)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["jury", "-is_chair", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "user"], name="one_membership_per_jury"),
            models.UniqueConstraint(
                fields=["jury"], condition=Q(is_chair=True), name="one_chair_per_jury"
            ),
        ]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class ConflictKind(models.TextChoices):
    LIVES_OR_WORKS = "lives_works", _("Lives or works there")
    HOLDS_OFFICE = "office", _("Holds office there")
    TIES_TO_NOMINATOR = "nominator", _("Close ties to a nominator")
    OTHER = "other", _("Other")


class ConflictQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)


class Conflict(models.Model):
    """A juror may not see or score a candidate. Lifting one keeps the record."""

    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="conflicts")
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="conflicts"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ConflictKind.choices)
    note = models.TextField(_("note"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["member", "candidate"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "candidate"],
                condition=Q(lifted_at__isnull=True),
                name="one_active_conflict",
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.candidate}"


class EvidenceMark(models.TextChoices):
    DOCUMENTED = "documented", _("Documented")
    CLAIMED = "claimed", _("Claimed")
    MISSING = "missing", _("Missing")


class ReviewStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Review(models.Model):
    """One juror's review of one candidate."""

    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="reviews")
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="reviews"
    )
    overall_comment = models.TextField(_("overall comment"), blank=True)
    done_at = models.DateTimeField(_("marked done"), null=True, blank=True)
    # Raised on every save; a save that names an older version is refused (two tabs).
    version = models.PositiveIntegerField(default=0)
    # The browser tab (its page's script's own id, kept across reloads) that made the last save:
    # a save from that same tab is never refused as if it came from another.
    saved_by_tab = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["member", "candidate"], name="one_review_per_juror")
        ]

    def __str__(self):
        return f"{self.member} – {self.candidate}"

    @property
    def is_done(self):
        return self.done_at is not None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.CharField(
        _("the material shows"), max_length=10, choices=EvidenceMark.choices, blank=True
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion.title}: {self.value}"


class JuryComment(models.Model):
    """The jury's internal discussion of a candidate."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="jury_comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_comments"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("jury comment")
        verbose_name_plural = _("jury comments")
        ordering = ["candidate", "created_at"]

    def __str__(self):
        return self.text[:60]


class Result(models.Model):
    """The jury's decision for a cycle: finalists, winner and the jury's justification.

    What is public and when follows from the cycle's publication times (finalists_published_at,
    announced_at) and the lock: nothing of an unlocked result is public (scoring/publication.py).
    A locked result changes only after unlocking with a reason. Every change is in the audit
    record (nominations.AuditEntry), which the result page shows.
    """

    cycle = models.OneToOneField(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="result"
    )
    winner = models.ForeignKey(
        Candidate,
        verbose_name=_("winner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    justification = models.TextField(_("the jury's justification"), blank=True)
    justification_criteria = models.ManyToManyField(
        Criterion,
        verbose_name=_("criteria the justification speaks to"),
        blank=True,
        related_name="+",
    )
    lix_target = models.PositiveSmallIntegerField(
        _("readability target (LIX)"),
        default=40,
        help_text=_("The justification should not be harder to read than this LIX value."),
    )
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The last unlock made while the finalists or the winner were public: from then on the
    # public pages say the result is being corrected, and once it is locked again that it was
    # corrected (scoring/publication.py). Never cleared.
    corrected_at = models.DateTimeField(
        _("unlocked after publication"), null=True, blank=True, editable=False
    )
    # A winner chosen by a chair in conflict with it waits for a juror without a conflict or
    # the secretariat to confirm it (scoring/decision.py, pending_choices).
    winner_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("winner confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    winner_confirmed_at = models.DateTimeField(_("winner confirmed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self):
        return _("Result %(cycle)s") % {"cycle": self.cycle}

    @property
    def is_locked(self):
        return self.locked_at is not None

    @property
    def audit_entries(self):
        """The result's part of the audit record."""
        return AuditEntry.objects.for_object(self)


class Finalist(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="finalists")
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    paragraph = models.TextField(_("the jury's paragraph"), blank=True)
    criteria = models.ManyToManyField(
        Criterion,
        verbose_name=_("criteria the paragraph speaks to"),
        blank=True,
        related_name="+",
    )
    # Chosen by a chair in conflict with the candidate: waits for a juror without a conflict or
    # the secretariat to confirm it (scoring/decision.py, pending_choices).
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("finalist")
        verbose_name_plural = _("finalists")
        ordering = ["result", "position"]
        constraints = [
            models.UniqueConstraint(fields=["result", "candidate"], name="finalist_once")
        ]

    def __str__(self):
        return str(self.candidate)


class SignOff(models.Model):
    """A juror's approval of the texts as they stood: a changed text needs signing again."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="sign_offs")
    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="sign_offs")
    text_digest = models.CharField(max_length=64)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(fields=["result", "member"], name="one_sign_off_per_juror")
        ]

    def __str__(self):
        return f"{self.member} – {short_datetime(self.signed_at)}"
