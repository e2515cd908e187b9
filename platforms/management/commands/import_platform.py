from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from platforms.importer import SHIPPED_TEXTS, import_platform_bytes
from platforms.source import SourceError


class Command(BaseCommand):
    help = (
        "Import one or more platform texts (Markdown with front matter, see platforms/source.py). "
        "All files are imported or none; importing again updates in place and keeps anchors."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path)
        parser.add_argument(
            "--shipped",
            action="store_true",
            help="Import the agreements that ship with the project (platforms/texts/).",
        )

    def handle(self, *args, files, shipped, **options):
        files = [*SHIPPED_TEXTS, *files] if shipped else files
        if not files:
            raise CommandError(_("Name at least one file, or use --shipped."))
        # One transaction for the lot: a bad file leaves every platform as it was. Files are
        # imported in the order given, so that a revision can follow what it revises.
        with transaction.atomic():
            for path in files:
                self.import_file(path)

    def import_file(self, path: Path):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot be read (%(error)s). Nothing was changed.")
                % {"file": path, "error": error.strerror}
            ) from error
        try:
            result = import_platform_bytes(data, source_name=path.name)
        except SourceError as error:
            raise CommandError(
                _("%(file)s: %(error)s Nothing was changed.") % {"file": path, "error": error}
            ) from error
        verb = _("Imported") if result.created else _("Updated")
        self.stdout.write(
            _("%(verb)s «%(title)s»: %(sections)d sections, %(clauses)d clauses.")
            % {
                "verb": verb,
                "title": result.platform.title,
                "sections": result.sections,
                "clauses": result.clauses,
            }
        )
