"""Candidates and nominations: what nominators send in, gathered per municipality and cycle."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cycles import Criterion, Cycle
from .register import Municipality


def new_token() -> str:
    """A private link's secret: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


class Eligibility(models.TextChoices):
    PENDING = "pending", _("Not yet screened")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")


class CandidateQuerySet(models.QuerySet):
    def with_counts(self):
        submitted = models.Q(nominations__status=NominationStatus.SUBMITTED)
        return self.select_related("municipality", "municipality__county", "cycle").annotate(
            nomination_count=models.Count("nominations", filter=submitted)
        )

    def eligible(self):
        return self.filter(eligibility=Eligibility.ELIGIBLE)


class Candidate(models.Model):
    """A municipality nominated in a cycle: every nomination for it gathers here."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="candidates"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    eligibility = models.CharField(
        _("eligibility"), max_length=10, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    eligibility_reason = models.TextField(_("reason for the decision"), blank=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    # The municipality's own private link, to add its material to the candidacy.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    municipality_notified_at = models.DateTimeField(
        _("municipality notified at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["cycle", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "municipality"], name="one_candidate_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.municipality.display_name} ({self.cycle.year})"

    def get_private_url(self):
        return reverse("nominations:candidate_material", kwargs={"token": self.token})


class NominatorKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("The municipality or county municipality itself")
    ORGANISATION = "organisation", _("A voluntary organisation")
    PERSON = "person", _("A private person")
    STATE = "state", _("A state body")
    OTHER = "other", _("Other")


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NominationQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=NominationStatus.SUBMITTED)


class Nomination(models.Model):
    """One submission by one nominator. Exists from the first step of the form as a draft."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="nominations"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("nominated municipality"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    # Set when submitted: a draft does not make a candidate.
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="nominations",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NominationStatus.choices, default=NominationStatus.DRAFT
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    reference = models.CharField(_("reference"), max_length=30, unique=True, null=True, blank=True)
    # Material the municipality adds to its own candidacy through its private link.
    is_municipality_material = models.BooleanField(
        _("the municipality's own material"), default=False
    )

    nominator_name = models.CharField(_("name"), max_length=200, blank=True)
    nominator_email = models.EmailField(_("e-mail"), blank=True)
    nominator_phone = models.CharField(_("phone"), max_length=30, blank=True)
    nominator_kind = models.CharField(
        _("nominator"), max_length=15, choices=NominatorKind.choices, blank=True
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    reason = models.TextField(_("reason for the nomination"), blank=True)

    # The form's steps as typed, so a draft can be continued on any device (see wizard.py).
    wizard_state = models.JSONField(default=dict, blank=True, editable=False)
    # Raised by every save of what is typed in wizard_state (not by the step it points to); a
    # save that names an older version is refused, so two tabs never overwrite each other.
    draft_version = models.PositiveIntegerField(default=0, editable=False)
    # The browser tab (its page's script's own id, kept across reloads) that made the last save:
    # a save from that same tab is never refused as if it came from another.
    draft_saved_by_tab = models.CharField(max_length=64, blank=True, editable=False)
    draft_link_sent_to = models.EmailField(blank=True, editable=False)

    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # Set when the nominator's contact details were removed (personal_data.py).
    anonymised_at = models.DateTimeField(_("contact details removed"), null=True, blank=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["cycle", "submitted_at", "created_at"]

    def __str__(self):
        return self.reference or _("Draft for %(municipality)s") % {
            "municipality": self.municipality.display_name
        }

    def get_private_url(self):
        return reverse("nominations:nomination", kwargs={"token": self.token})

    @property
    def is_draft(self):
        return self.status == NominationStatus.DRAFT

    @property
    def is_submitted(self):
        return self.status == NominationStatus.SUBMITTED

    def withdraw(self, reason: str = ""):
        self.status = NominationStatus.WITHDRAWN
        self.withdrawn_at = timezone.now()
        self.withdrawal_reason = reason
        self.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])


class Answer(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="answers"
    )
    text = models.TextField(_("answer"), blank=True)
    evidence_url = models.URLField(_("link to evidence"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["nomination", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion"], name="one_answer_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion.title}: {self.text[:60]}"


def attachment_path(instance, filename):
    # A random name, never the uploader's: nothing about the file is guessable from its path.
    return f"attachments/{instance.nomination.cycle.year}/{new_token()}"


class Attachment(models.Model):
    """A file sent with a nomination, or as evidence for one criterion's answer."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("evidence for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_files",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["nomination", "uploaded_at"]

    def __str__(self):
        return self.original_name
