import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from nominations import personal_data

from ._personal import command_actor, staff_user


class Command(BaseCommand):
    help = (
        "Export everything stored about one nominator, found by e-mail address: nominations "
        "and drafts, what they wrote, their files' names. As JSON, or as a text to read. The "
        "export is in the audit record (by the nominations' references)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--output", "-o", type=Path, help="The file to write; without it, standard output."
        )
        parser.add_argument("--by", help="The username of the secretariat member handling it.")
        parser.add_argument("--reason", default="", help="The request, for the record.")

    def handle(self, *args, email, format, output, by, reason, **options):
        user = staff_user(by)
        nominations = list(personal_data.nominations_of(email))
        data = personal_data.export(email, nominations)
        if format == "json":
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        else:
            text = personal_data.export_text(data)
        if output is None:
            self.stdout.write(text, ending="")
        else:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    _("%(file)s: cannot be written (%(error)s).")
                    % {"file": output, "error": error.strerror or error}
                ) from error
        if nominations:
            personal_data.record_export(
                nominations,
                by=user,
                actor_name="" if user else command_actor("export_personal_data"),
                reason=reason,
            )
        if output is not None or not nominations:
            self.stderr.write(
                _("Nominations and drafts found for %(email)s: %(count)d.")
                % {"count": len(nominations), "email": email}
            )
