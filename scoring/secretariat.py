"""The secretariat's year at a glance (scoring/views/secretariat.py): the phase and the next
date, the nominations by status, each juror's progress, and what remains before the winner is
announced; and the reminder e-mail to a juror who has not finished.

A reminder is recorded in the admin's history of the jury member (Django's LogEntry, shown
under «History»), and a juror gets at most one a day, whoever sends it."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from nominations.emails import absolute
from nominations.models import Candidate, Cycle, Eligibility, Nomination, NominationStatus, Phase

from . import publication
from .models import Jury, JuryMember, Result

REMINDER_INTERVAL = datetime.timedelta(hours=24)
# Stored in the admin's history in the site's language (see _reminder_message()).
REMINDER_MESSAGE = _("Reminder e-mail sent.")


class ReminderRefused(Exception):
    """The juror may not be reminded now; the message says why."""


@dataclass(frozen=True)
class Milestone:
    label: str
    at: datetime.datetime


@dataclass(frozen=True)
class JurorProgress:
    member: JuryMember
    done: int
    total: int
    reminded_at: datetime.datetime | None

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    @property
    def may_remind(self) -> bool:
        return not self.finished and bool(self.member.user.email) and not self.reminded_recently

    @property
    def reminded_recently(self) -> bool:
        if self.reminded_at is None:
            return False
        return timezone.now() - self.reminded_at < REMINDER_INTERVAL


@dataclass
class YearOverview:
    cycle: Cycle
    phase: str
    next_milestone: Milestone | None
    nominations: list[tuple[str, int]]
    candidates: int
    unscreened: int
    eligible: int
    jurors: list[JurorProgress]
    result: Result | None
    jury_id: int | None = None
    remaining: list[str] = field(default_factory=list)
    # A publication time near or past with the result not locked (publication.unlocked_warning).
    unlocked_warning: str = ""


def milestones(cycle: Cycle) -> list[Milestone]:
    times = [
        (_("Nominations open"), cycle.nominations_open_at),
        (_("Nomination deadline"), cycle.nominations_close_at),
        (_("The jury starts"), cycle.jury_started_at),
        (_("The deliberation starts"), cycle.deliberation_started_at),
        (_("The finalists are published"), cycle.finalists_published_at),
        (_("The winner is announced"), cycle.announced_at),
    ]
    return sorted((Milestone(str(label), at) for label, at in times if at), key=lambda m: m.at)


def overview(cycle: Cycle, now=None) -> YearOverview:
    """Everything the secretariat's home shows of one cycle, in a fixed number of queries."""
    now = now or timezone.now()
    counts = dict(
        Nomination.objects.filter(cycle=cycle)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    nominations = [(label, counts.get(value, 0)) for value, label in NominationStatus.choices]
    candidate_counts = Candidate.objects.filter(cycle=cycle).aggregate(
        total=Count("pk"),
        unscreened=Count("pk", filter=Q(eligibility=Eligibility.PENDING)),
        eligible=Count("pk", filter=Q(eligibility=Eligibility.ELIGIBLE)),
    )
    eligible = candidate_counts["eligible"]
    members = list(
        JuryMember.objects.filter(jury__cycle=cycle)
        .select_related("user")
        .annotate(
            done=Count(
                "reviews",
                filter=Q(
                    reviews__done_at__isnull=False,
                    reviews__candidate__eligibility=Eligibility.ELIGIBLE,
                ),
                distinct=True,
            ),
            in_conflict=Count(
                "conflicts",
                filter=Q(
                    conflicts__lifted_at__isnull=True,
                    conflicts__candidate__eligibility=Eligibility.ELIGIBLE,
                ),
                distinct=True,
            ),
        )
    )
    reminded = last_reminders(members)
    jurors = [
        JurorProgress(m, m.done, max(0, eligible - m.in_conflict), reminded.get(m.pk))
        for m in members
    ]
    result = Result.objects.filter(cycle=cycle).first()
    upcoming = [m for m in milestones(cycle) if m.at > now]
    year = YearOverview(
        cycle=cycle,
        phase=cycle.phase_at(now),
        next_milestone=upcoming[0] if upcoming else None,
        nominations=nominations,
        candidates=candidate_counts["total"],
        unscreened=candidate_counts["unscreened"],
        eligible=eligible,
        jurors=jurors,
        result=result,
        jury_id=Jury.objects.filter(cycle=cycle).values_list("pk", flat=True).first(),
    )
    year.remaining = remaining(year, now)
    year.unlocked_warning = publication.unlocked_warning(cycle, result, now)
    return year


def remaining(year: YearOverview, now) -> list[str]:
    """What must still happen before the winner is announced, in the order it comes."""
    cycle, todo = year.cycle, []
    if year.phase == Phase.ANNOUNCED and publication.is_locked(year.result):
        return todo
    if not cycle.is_published:
        todo.append(gettext("Publish the cycle, so that the call is open to nominators."))
    if year.unscreened:
        todo.append(
            ngettext(
                "Screen %(count)d candidate (eligible or not).",
                "Screen %(count)d candidates (eligible or not).",
                year.unscreened,
            )
            % {"count": year.unscreened}
        )
    if not year.jurors:
        todo.append(gettext("Set up the jury: its members and its chair."))
    elif any(j.member.invited_at is None for j in year.jurors):
        todo.append(gettext("Invite the jurors not yet invited."))
    if cycle.jury_started_at is None:
        todo.append(gettext("Start the jury's work when the screening is done."))
    unfinished = [j for j in year.jurors if not j.finished]
    if year.eligible and unfinished:
        count = len(unfinished)
        todo.append(
            ngettext(
                "%(count)d juror has not finished the reviews.",
                "%(count)d jurors have not finished their reviews.",
                count,
            )
            % {"count": count}
        )
    if year.result is None or not year.result.finalists.exists():
        todo.append(gettext("The jury chooses the finalists and the winner."))
    if year.result is None or year.result.locked_at is None:
        todo.append(gettext("The jury signs off its texts and the chair locks the result."))
    if now < cycle.finalists_published_at:
        todo.append(
            gettext(
                "The finalists are published automatically at the time set, once the result "
                "is locked."
            )
        )
    todo.append(
        gettext("The winner is announced automatically at the time set, once the result is locked.")
    )
    return todo


def last_reminders(members) -> dict[int, datetime.datetime]:
    """When each member was last reminded, by member pk: one query."""
    if not members:
        return {}
    content_type = ContentType.objects.get_for_model(JuryMember)
    entries = (
        LogEntry.objects.filter(
            content_type=content_type,
            object_id__in=[str(m.pk) for m in members],
            change_message=_reminder_message(),
        )
        .order_by()
        .values_list("object_id")
        .annotate(last=Max("action_time"))
    )
    return {int(object_id): last for object_id, last in entries}


def _reminder_message() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(REMINDER_MESSAGE)


def remind(member: JuryMember, by, now=None) -> None:
    """E-mail the juror a reminder of the reviews left, and record it. Refused for a juror who
    has finished, has no e-mail address, or was reminded less than a day ago."""
    now = now or timezone.now()
    with transaction.atomic():
        # The member's row held: two secretaries pressing at once send one reminder.
        member = (
            JuryMember.objects.select_for_update(of=("self",))
            .select_related("user", "jury__cycle__award")
            .get(pk=member.pk)
        )
        progress = next(j for j in overview(member.jury.cycle, now).jurors if j.member == member)
        if progress.finished:
            raise ReminderRefused(gettext("%(member)s has finished.") % {"member": member})
        if not member.user.email:
            raise ReminderRefused(gettext("%(member)s has no e-mail address.") % {"member": member})
        if progress.reminded_recently:
            raise ReminderRefused(
                gettext("%(member)s was reminded less than a day ago.") % {"member": member}
            )
        cycle = member.jury.cycle
        context = {
            "member": member,
            "cycle": cycle,
            "remaining": progress.total - progress.done,
            "url": absolute(reverse("scoring:home", args=[cycle.pk])),
            "finalists_at": cycle.finalists_published_at,
        }
        with translation.override(settings.LANGUAGE_CODE):
            text = render_to_string("emails/jury_reminder.txt", context)
        subject, _blank, body = text.strip().partition("\n\n")
        LogEntry.objects.log_actions(
            by.pk, [member], CHANGE, change_message=_reminder_message(), single_object=True
        )
        send_mail(subject.strip(), body.strip() + "\n", None, [member.user.email])
