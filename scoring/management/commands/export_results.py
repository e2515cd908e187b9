import getpass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from nominations.defaults import AWARD_SLUG
from nominations.models import Award, Cycle
from scoring.workbook import exporter_name, write_workbook


class Command(BaseCommand):
    help = (
        "Write a cycle's results workbook (the same as the chair and the secretariat download): "
        "ranking, criteria, the jury's scores, the nominations and how it was computed."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--output", "-o", type=Path, required=True, help="The .xlsx file.")
        parser.add_argument("--award", default=AWARD_SLUG, help="The award's slug.")
        parser.add_argument(
            "--with-contacts",
            action="store_true",
            help="Include the nominators' e-mail and phone (the secretariat's export).",
        )
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="Language of the headers."
        )

    def handle(self, *args, year, output, award, with_contacts, language, **options):
        cycle = self.find_cycle(award, year)
        try:
            # Opened first: a wrong path fails at once, not after the work.
            stream = output.open("wb")
        except OSError as error:
            raise unwritable(output, error) from error
        try:
            with stream:
                self.write(stream, cycle, with_contacts, language)
        except BaseException as error:
            output.unlink(missing_ok=True)  # no half-written workbook left behind
            if isinstance(error, OSError):
                raise unwritable(output, error) from error
            raise
        self.stdout.write(_("Wrote %(file)s.") % {"file": output})

    def write(self, stream, cycle, with_contacts, language):
        with translation.override(language):
            # No user: "who exported" is the command line, and the account it runs under.
            exported_by = f"{exporter_name(None)} ({getpass.getuser()})"
        write_workbook(
            stream,
            cycle,
            None,
            include_contacts=with_contacts,
            language=language,
            exported_by=exported_by,
        )

    def find_cycle(self, slug: str, year: int) -> Cycle:
        award = Award.objects.filter(slug=slug).first()
        if award is None:
            raise CommandError(_("There is no award «%(slug)s».") % {"slug": slug})
        cycle = Cycle.objects.select_related("award").filter(award=award, year=year).first()
        if cycle is None:
            years = ", ".join(
                str(y) for y in award.cycles.order_by("year").values_list("year", flat=True)
            )
            raise CommandError(
                _("%(award)s has no cycle for %(year)d. Years: %(years)s.")
                % {"award": award, "year": year, "years": years or "–"}
            )
        return cycle


def unwritable(output: Path, error: OSError) -> CommandError:
    return CommandError(
        _("%(file)s: cannot be written (%(error)s).")
        % {"file": output, "error": error.strerror or error}
    )
