"""The export of nominations for the secretariat (django-import-export; export only).

One row per nomination, with one answer column and one evidence column per criterion of the
exported cycle(s) (see secretariat.export_criteria for the headings). Municipality and
organisation numbers stay text: "0301" is Oslo, 301 is nothing.

What nominators wrote goes into spreadsheets the secretariat opens, so no cell may turn into a
formula: the XLSX file stores every text as text, and the CSV file puts an apostrophe before a
text that a spreadsheet would read as a formula (OWASP's advice on CSV injection).
"""

from functools import partial
from zoneinfo import ZoneInfo

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.fields import Field
from import_export.formats.base_formats import CSV, XLSX

from . import secretariat
from .models import Nomination

OSLO = ZoneInfo("Europe/Oslo")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class OsloTimeWidget(widgets.DateTimeWidget):
    """The time as the secretariat reads it in Norway, whatever the server's time zone."""

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        local = value.astimezone(OSLO)
        if kwargs.get("force_native_type"):
            return local.replace(tzinfo=None)  # a spreadsheet cell has no time zone
        return local.strftime("%Y-%m-%d %H:%M")


def _answer(position: int, nomination: Nomination):
    for answer in nomination.answers.all():  # prefetched
        if answer.criterion.position == position:
            return answer
    return None


def _answer_text(position, nomination):
    answer = _answer(position, nomination)
    return answer.text if answer else ""


def _evidence_url(position, nomination):
    answer = _answer(position, nomination)
    return answer.evidence_url if answer else ""


class NominationResource(resources.ModelResource):
    # Two awards may have a cycle in the same year: the award is named beside the year.
    award = Field(attribute="cycle__award__name", column_name=_("Award"))
    year = Field(attribute="cycle__year", column_name=_("Year"), widget=widgets.IntegerWidget())
    reference = Field(attribute="reference", column_name=_("Reference"))
    status = Field(attribute="get_status_display", column_name=_("Status"))
    municipality_number = Field(
        attribute="municipality__number", column_name=_("Municipality number")
    )
    municipality_name = Field(attribute="municipality__name", column_name=_("Municipality"))
    county = Field(attribute="municipality__county__name", column_name=_("County"))
    nominator_name = Field(attribute="nominator_name", column_name=_("Nominator"))
    nominator_email = Field(attribute="nominator_email", column_name=_("E-mail"))
    nominator_phone = Field(attribute="nominator_phone", column_name=_("Phone"))
    nominator_kind = Field(attribute="get_nominator_kind_display", column_name=_("Nominated by"))
    organisation_name = Field(attribute="organisation_name", column_name=_("Organisation"))
    organisation_number = Field(
        attribute="organisation_number", column_name=_("Organisation number")
    )
    reason = Field(attribute="reason", column_name=_("Reason"))
    submitted_at = Field(
        attribute="submitted_at", column_name=_("Submitted"), widget=OsloTimeWidget()
    )
    attachment_count = Field(
        attribute="attachment_count", column_name=_("Attachments"), widget=widgets.IntegerWidget()
    )

    class Meta:
        model = Nomination
        fields = (
            "award",
            "year",
            "reference",
            "status",
            "municipality_number",
            "municipality_name",
            "county",
            "nominator_name",
            "nominator_email",
            "nominator_phone",
            "nominator_kind",
            "organisation_name",
            "organisation_number",
            "reason",
            "submitted_at",
            "attachment_count",
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.criterion_fields = []

    @classmethod
    def get_display_name(cls):
        return gettext("Nominations")

    def filter_export(self, queryset, **kwargs):
        self._add_criterion_fields(queryset)
        return secretariat.nominations_for_export(queryset)

    def _add_criterion_fields(self, queryset):
        """An answer and an evidence column per criterion of the exported cycles."""
        self.criterion_fields = []
        for position, heading in secretariat.export_criteria(queryset):
            for key, column, value in (
                (f"answer_{position}", heading, _answer_text),
                (
                    f"evidence_{position}",
                    gettext("%(criterion)s – evidence") % {"criterion": heading},
                    _evidence_url,
                ),
            ):
                self.fields[key] = Field(
                    column_name=column, dehydrate_method=partial(value, position)
                )
                self.criterion_fields.append(key)

    def get_user_visible_fields(self):
        # What the export page lists before the cycles are known.
        fields = [self.fields[name] for name in self._meta.fields]
        per_criterion = Field(column_name=_("an answer and an evidence column per criterion"))
        return [*fields[:-1], per_criterion, fields[-1]]

    def get_export_order(self):
        # The answers before the count of attachments, which closes the row.
        static = [name for name in self._meta.fields if name != "attachment_count"]
        return (*static, *self.criterion_fields, "attachment_count")

    def iter_queryset(self, queryset):
        # One query with its prefetches: the default pages through the rows in chunks, which
        # costs queries in proportion to the number of nominations.
        yield from queryset


def _neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCSV(CSV):
    def export_data(self, dataset, **kwargs):
        safe = dataset.__class__(headers=dataset.headers)
        for row in dataset:
            safe.append([_neutralise(value) for value in row])
        return super().export_data(safe, **kwargs)


class SafeXLSX(XLSX):
    def export_data(self, dataset, **kwargs):
        from io import BytesIO

        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        workbook = Workbook()
        sheet = workbook.active
        sheet.append(dataset.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in dataset:
            # Control characters pasted from a word processor would make the file unreadable.
            sheet.append(
                [
                    ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", v)
                    if isinstance(v, str)
                    else v
                    for v in row
                ]
            )
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":
                    # openpyxl takes a text starting with "=" for a formula; it is text here.
                    cell.data_type = "s"
        stream = BytesIO()
        workbook.save(stream)
        return stream.getvalue()
