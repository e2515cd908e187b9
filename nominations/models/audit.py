"""The audit record: who changed what, when, with the values before and after.

One entry per change, written in the same transaction as the change itself (see audit.py for
the functions that write them). The record is never changed or deleted: the model refuses it,
the admin shows it read-only to the secretariat, and the database refuses it too (triggers of
migration 0006). One change is allowed, on one path: `remove_reasons` blanks a reason that may
name a nominator when their personal data goes, and the entry keeps the time it was removed
(docs/personal-data.md).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    SCORES = "scores", _("Scores changed")
    REVIEW_DONE = "review_done", _("Review marked done")
    REVIEW_REOPENED = "review_reopened", _("Review reopened")
    CONFLICT_DECLARED = "conflict_declared", _("Conflict of interest declared")
    CONFLICT_LIFTED = "conflict_lifted", _("Conflict of interest lifted")
    RESULT_CHANGED = "result_changed", _("Result changed")
    RESULT_SIGNED = "result_signed", _("Texts signed off")
    RESULT_LOCKED = "result_locked", _("Result locked")
    RESULT_UNLOCKED = "result_unlocked", _("Result unlocked")
    CYCLE_TIMES = "cycle_times", _("Dates or settings of the cycle changed")
    CRITERION_ADDED = "criterion_added", _("Criterion added")
    CRITERION_CHANGED = "criterion_changed", _("Criterion changed")
    CRITERION_REMOVED = "criterion_removed", _("Criterion removed")
    SCREENED = "screened", _("Eligibility decided")
    WITHDRAWN = "withdrawn", _("Nomination withdrawn")
    DATA_EXPORTED = "data_exported", _("Personal data exported on request")
    DATA_ERASED = "data_erased", _("Personal data erased on request")
    RETENTION = "retention", _("Contact details anonymised after the retention period")


class AuditIsPermanent(Exception):
    """The record is kept as written."""


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def update(self, **kwargs):
        raise AuditIsPermanent("The audit record is never changed.")

    def delete(self):
        raise AuditIsPermanent("The audit record is never deleted.")

    def remove_reasons(self, at) -> int:
        """Blank the reasons of these entries, noting when: the one change the record allows,
        made when the personal data of the person a reason may name is removed. The database's
        trigger lets an UPDATE through only if it does this and nothing else."""
        pending = self.filter(reason_removed_at__isnull=True).exclude(reason="")
        return models.QuerySet.update(pending, reason="", reason_removed_at=at)


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind of change"), max_length=20, choices=AuditKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The person's name as it was then, or what acted without a login (a command, a nominator's
    # private link): the list shows it without a join, and a later rename changes nothing here.
    actor_name = models.CharField(_("who"), max_length=200, blank=True)
    cycle = models.ForeignKey(
        "nominations.Cycle",
        verbose_name=_("cycle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_repr = models.CharField(_("what"), max_length=300)
    # [{"field", "label" (an English msgid), "subject", "before", "after", …}] — see audit.change.
    changes = models.JSONField(_("changes"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # Set when the reason was removed with a nominator's personal data (remove_reasons).
    reason_removed_at = models.DateTimeField(_("reason removed"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit record")
        ordering = ["-at", "-pk"]
        # Only reading: nobody adds, changes or deletes an entry by hand.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
            models.Index(fields=["kind", "-at"], name="audit_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditIsPermanent("The audit record is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditIsPermanent("The audit record is never deleted.")
