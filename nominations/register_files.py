"""Loading register files outside the admin: the import_municipalities command (and so
`make run`) and the tests. The rules themselves are in MunicipalityResource, which the admin's
import uses as well.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV
from tablib import Dataset

from .models import Municipality
from .register_import import MunicipalityResource

DATA_DIR = Path(__file__).resolve().parent / "data"
# SSB's lists as shipped, in import order: a period's counties before its municipalities, since
# a municipality names its county.
SHIPPED_FILES = tuple(
    DATA_DIR / name
    for name in ("fylker-2020.csv", "kommuner-2020.csv", "fylker-2024.csv", "kommuner-2024.csv")
)


class RegisterImportError(Exception):
    """A file that cannot be imported; nothing of it (or of the files with it) was stored."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(
            _("%(source)s was not imported, nothing was changed:") % {"source": source}
            + "".join(f"\n  {problem}" for problem in problems)
        )


@dataclass
class FileSummary:
    source: str
    new: int
    updated: int
    unchanged: int
    # (row, number): predecessors named in the register that are not in it yet.
    waiting_predecessors: list[tuple[Municipality, str]] = field(default_factory=list)


def read_csv(path: Path) -> Dataset:
    """The file as django-import-export's CSV format reads an upload in the admin."""
    return CSV(encoding="utf-8-sig").create_dataset(path.read_bytes())


def import_dataset(dataset: Dataset, source: str) -> FileSummary:
    resource = MunicipalityResource()
    result = resource.import_data(dataset, dry_run=False, raise_errors=False)
    if result.has_errors() or result.has_validation_errors():
        raise RegisterImportError(source, describe_problems(result, resource))
    return FileSummary(
        source=source,
        new=result.totals["new"],
        updated=result.totals["update"],
        unchanged=result.totals["skip"],
        waiting_predecessors=resource.waiting_predecessors,
    )


@transaction.atomic
def import_files(paths) -> list[FileSummary]:
    """Import the files in the order given, all of them or none."""
    return [import_dataset(read_csv(Path(path)), Path(path).name) for path in paths]


def describe_problems(result, resource: MunicipalityResource) -> list[str]:
    """One line per problem, naming the row and the column as the file does."""
    columns = {f.attribute: f.column_name for f in resource.get_import_fields()}
    problems = [str(error.error) for error in result.base_errors]
    for number, errors in result.row_errors():
        problems += [
            _("row %(row)d: %(error)s") % {"row": number, "error": e.error} for e in errors
        ]
    for row in result.invalid_rows:
        for attribute, messages in row.error_dict.items():
            problems += [
                _("row %(row)d, %(column)s: %(message)s")
                % {"row": row.number, "column": columns.get(attribute, attribute), "message": m}
                for m in messages
            ]
    return problems
