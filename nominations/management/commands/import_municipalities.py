from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import Municipality
from nominations.register_files import SHIPPED_FILES, RegisterImportError, import_files


class Command(BaseCommand):
    help = (
        "Import the municipality register: the lists that ship with the project "
        "(nominations/data/), or the CSV files given, in the order given (a period's counties "
        "before its municipalities). All files are imported or none; importing again changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args, files, **options):
        try:
            summaries = import_files(files or SHIPPED_FILES)
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot be read (%(error)s). Nothing was changed.")
                % {"file": error.filename, "error": error.strerror}
            ) from error
        except RegisterImportError as error:
            raise CommandError(str(error)) from error

        for summary in summaries:
            self.stdout.write(
                _("%(source)s: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.")
                % vars(summary)
            )
        self.report_waiting(summaries[-1].waiting_predecessors if summaries else [])
        self.report_register()

    def report_waiting(self, waiting):
        if waiting:
            self.stderr.write(
                _(
                    "%(count)d predecessors are not in the register yet (import the register of "
                    "the period before): %(list)s"
                )
                % {
                    "count": len(waiting),
                    "list": ", ".join(f"{row} ← {number}" for row, number in waiting),
                }
            )

    def report_register(self):
        year = timezone.localdate().year
        valid = Municipality.objects.valid_in(year)
        self.stdout.write(
            _(
                "Register valid in %(year)d: %(kommuner)d municipalities and %(fylker)d county "
                "municipalities."
            )
            % {
                "year": year,
                "kommuner": valid.kommuner().count(),
                "fylker": valid.fylkeskommuner().count(),
            }
        )
