from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nominations import personal_data

from ._personal import command_actor


class Command(BaseCommand):
    help = (
        "Remove nominators' contact details (name, e-mail, phone, the draft link's address, the "
        "form's saved state) from the cycles whose retention period after the announcement "
        "(PERSONAL_DATA_RETENTION_MONTHS) is over, keeping what they wrote and the statistics; "
        "delete drafts never submitted there. Safe to run again: what is done stays done."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done, and change nothing."
        )

    def handle(self, *args, dry_run, **options):
        plans = personal_data.retention_plan()
        months = personal_data.retention_months()
        if not plans:
            self.stdout.write(
                ngettext(
                    "No cycle is past its retention period (%(months)d month after the "
                    "announcement).",
                    "No cycle is past its retention period (%(months)d months after the "
                    "announcement).",
                    months,
                )
                % {"months": months}
            )
            return
        for plan in plans:
            self.stdout.write(self.describe(plan, dry_run))
        if not dry_run:
            personal_data.apply_retention(plans, actor_name=command_actor("anonymise_nominators"))
        elif any(not plan.is_empty for plan in plans):
            self.stdout.write(_("Dry run: nothing was changed."))

    def describe(self, plan, dry_run) -> str:
        ended = date_format(timezone.localtime(plan.ends), "j. F Y")
        head = _("%(cycle)s (retention period ended %(date)s):") % {
            "cycle": plan.cycle,
            "date": ended,
        }
        if plan.is_empty:
            return f"{head} " + _("nothing left to do.")
        counts = {
            "nominations": len(plan.anonymise),
            "drafts": len(plan.drafts),
            "files": plan.draft_files,
        }
        if dry_run:
            text = _(
                "would anonymise nominations: %(nominations)d; would delete drafts never "
                "submitted: %(drafts)d (files: %(files)d)."
            )
        else:
            text = _(
                "anonymised nominations: %(nominations)d; deleted drafts never submitted: "
                "%(drafts)d (files: %(files)d)."
            )
        said = f"{head} {text % counts}"
        if plan.audit_reasons:
            if dry_run:
                reasons = _(
                    "would remove reasons that may name a nominator from the audit "
                    "record: %(reasons)d."
                )
            else:
                reasons = _(
                    "reasons that may name a nominator removed from the audit record: %(reasons)d."
                )
            said += " " + reasons % {"reasons": plan.audit_reasons}
        return said
