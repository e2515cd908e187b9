from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from nominations import personal_data

from ._personal import command_actor, staff_user


class Command(BaseCommand):
    help = (
        "Erase one nominator's personal data on their request, found by e-mail address: the "
        "contact details go from every nomination (what was written stays, as the award's "
        "record), drafts never submitted are deleted with their files. In the audit record."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--reason", required=True, help="The request: who asked, when and how.")
        parser.add_argument("--by", help="The username of the secretariat member handling it.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done, and change nothing."
        )

    def handle(self, *args, email, reason, by, dry_run, **options):
        if not reason.strip():
            raise CommandError(_("Say who asked for the erasure, and when."))
        user = staff_user(by)
        found = list(personal_data.nominations_of(email))
        if not found:
            self.stdout.write(_("Nothing is stored for %(email)s.") % {"email": email})
            return
        drafts = [n for n in found if n.is_draft]
        kept = [n for n in found if not n.is_draft]
        counts = {
            "nominations": len(kept),
            "references": ", ".join(n.reference or f"#{n.pk}" for n in kept) or "–",
            "drafts": len(drafts),
        }
        if dry_run:
            self.stdout.write(
                _(
                    "Would anonymise nominations: %(nominations)d (%(references)s); would delete "
                    "drafts: %(drafts)d. Dry run: nothing was changed."
                )
                % counts
            )
            return
        done = personal_data.erase(
            email,
            by=user,
            actor_name="" if user else command_actor("erase_personal_data"),
            reason=reason.strip(),
        )
        self.stdout.write(
            _(
                "Anonymised nominations: %(nominations)d (%(references)s); deleted drafts: "
                "%(drafts)d (files: %(files)d)."
            )
            % {**counts, "drafts": done.deleted_drafts, "files": done.deleted_files}
        )
