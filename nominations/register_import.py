"""Import and export of the municipality register (django-import-export).

A file holds the register of one period in the columns of nominations/data/*.csv. The admin's
import and the import_municipalities command both go through MunicipalityResource, so the rules
live here once:

- A row continues a stored row of the same municipality when number, name, kind and county are
  the same and the periods overlap or touch; the stored row's period is widened to cover both.
  So a kommune unchanged since 2020 is one row valid from 2020 with no end, whichever period is
  imported first, and importing a file again changes nothing.
- Otherwise the row is a municipality of its own (a new number, a new name, a boundary change),
  and the model refuses it if its number is taken by another row at the same time.
- The county number is looked up among the county municipalities valid when the row's period
  starts: numbers are reused, so the number alone does not say which county is meant.
- The predecessors are stored as the file gives them and linked to the municipalities with those
  numbers on the day before the row's period starts, after every import (link_predecessors), so
  the links appear as soon as both periods are in, in either order.
- A file is stored whole or not at all.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.fields import Field

from .models import Municipality, MunicipalityKind
from .models.register import can_be_nominated, split_numbers

DATE_FORMAT = "%Y-%m-%d"
ONE_DAY = timedelta(days=1)
# The columns a file must have to say which municipality and which period a row is.
REQUIRED_COLUMNS = ("number", "name", "kind", "valid_from")


class TextWidget(widgets.CharWidget):
    """Text without the stray spaces a spreadsheet leaves, which would make "Sømna " a new row."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs).strip()


class DayWidget(widgets.DateWidget):
    """An ISO date; a spreadsheet's date cell comes as a datetime and is cut to its day."""

    def __init__(self):
        super().__init__(format=DATE_FORMAT)

    def clean(self, value, row=None, **kwargs):
        try:
            day = super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("«%(value)s» is not a date; write it as YYYY-MM-DD.") % {"value": value}
            ) from None
        return day.date() if isinstance(day, datetime) else day


class NumberListWidget(TextWidget):
    """Municipality numbers separated by «;», e.g. "3005" or "3005;3006"."""

    def clean(self, value, row=None, **kwargs):
        numbers = split_numbers(super().clean(value, row, **kwargs))
        wrong = [number for number in numbers if not number.isdigit()]
        if wrong:
            raise ValueError(_("«%(value)s» is not a municipality number.") % {"value": wrong[0]})
        return ";".join(numbers)


class CountyWidget(widgets.ForeignKeyWidget):
    """A county number, resolved to the county municipality valid when the row's period starts."""

    def __init__(self):
        super().__init__(Municipality, field="number")
        # A file names the same few counties hundreds of times; look each up once.
        self.found = {}

    def forget(self):
        """Drop what was looked up, after a county changed."""
        self.found.clear()

    def clean(self, value, row=None, **kwargs):
        number = str(value or "").strip()
        if not number:
            return None
        try:
            start = DayWidget().clean(row.get("valid_from"))
        except ValueError:
            start = None
        if start is None:
            raise ValueError(_("The county cannot be looked up without a valid «valid_from»."))
        if (number, start) not in self.found:
            self.found[number, start] = find_county(number, start)
        county = self.found[number, start]
        if county is None:
            raise ValueError(
                _(
                    "There is no county municipality number %(number)s on %(date)s. Check the "
                    "number, or import the counties (fylker) of that period first."
                )
                % {"number": number, "date": start.isoformat()}
            )
        return county


def find_county(number: str, day: date) -> Municipality | None:
    return Municipality.objects.fylkeskommuner().valid_on(day).filter(number=number).first()


def continued_row(number, name, kind, county, valid_from, valid_until) -> Municipality | None:
    """The stored row that this period of the same municipality continues, if any."""
    if not valid_from:
        return None
    # Periods that touch count: 2020–2023 and 2024– are one unbroken validity.
    end = valid_until + ONE_DAY if valid_until else None
    return (
        Municipality.objects.filter(number=number, name=name, kind=kind, county=county)
        .valid_between(valid_from - ONE_DAY, end)
        .first()
    )


def widen(row: Municipality, valid_from: date, valid_until: date | None, numbers: str):
    """Give the stored row the union of its period and the imported one, and both lists of
    predecessors."""
    row.valid_from = min(row.valid_from, valid_from)
    if row.valid_until is not None and valid_until is not None:
        row.valid_until = max(row.valid_until, valid_until)
    else:
        row.valid_until = None
    merged = split_numbers(row.predecessor_numbers)
    merged += [n for n in split_numbers(numbers) if n not in merged]
    row.predecessor_numbers = ";".join(merged)


def link_predecessors() -> list[tuple[Municipality, str]]:
    """Link every row to the predecessors it names; return the (row, number) pairs that name no
    municipality on the day before the row's period starts (e.g. that period is not imported)."""
    successors = list(Municipality.objects.exclude(predecessor_numbers=""))
    wanted = {number for row in successors for number in row.predecessor_number_list}
    by_number = defaultdict(list)
    for candidate in Municipality.objects.filter(number__in=wanted):
        by_number[candidate.number].append(candidate)

    Link = Municipality.predecessors.through
    links, waiting = [], []
    for row in successors:
        day_before = row.valid_from - ONE_DAY
        for number in row.predecessor_number_list:
            found = [m for m in by_number[number] if m.is_valid_on(day_before)]
            links += [Link(from_municipality=row, to_municipality=m) for m in found]
            if not found:
                waiting.append((row, number))
    # Links made by an earlier import (or by hand in the admin) stay as they are.
    Link.objects.bulk_create(links, ignore_conflicts=True)
    return waiting


class MunicipalityResource(resources.ModelResource):
    number = Field(attribute="number", column_name="number", widget=TextWidget())
    name = Field(attribute="name", column_name="name", widget=TextWidget())
    kind = Field(attribute="kind", column_name="kind", widget=TextWidget())
    county = Field(attribute="county", column_name="county_number", widget=CountyWidget())
    valid_from = Field(attribute="valid_from", column_name="valid_from", widget=DayWidget())
    valid_until = Field(attribute="valid_until", column_name="valid_until", widget=DayWidget())
    predecessor_numbers = Field(
        attribute="predecessor_numbers", column_name="predecessors", widget=NumberListWidget()
    )

    class Meta:
        model = Municipality
        # The contact e-mail is the secretariat's, not SSB's: an import never touches it.
        fields = (
            "number",
            "name",
            "kind",
            "county",
            "valid_from",
            "valid_until",
            "predecessor_numbers",
        )
        import_order = export_order = fields
        import_id_fields = ("number",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.waiting_predecessors = []

    @classmethod
    def get_display_name(cls):
        return _("Municipality register")

    def import_data(self, dataset, rollback_on_validation_errors=True, **kwargs):
        # All or nothing: one refused row leaves the register as it was, in the admin's confirm
        # step too (django-import-export would otherwise store the other rows).
        return super().import_data(
            dataset, rollback_on_validation_errors=rollback_on_validation_errors, **kwargs
        )

    def before_import(self, dataset, **kwargs):
        missing = [column for column in REQUIRED_COLUMNS if column not in (dataset.headers or [])]
        if missing:
            raise ValueError(
                _("The file lacks the column(s) %(missing)s. Expected columns: %(expected)s.")
                % {"missing": ", ".join(missing), "expected": ", ".join(self.column_names())}
            )

    def get_instance(self, instance_loader, row):
        try:
            identity = {
                name: self.fields[name].clean(row)
                for name in ("number", "name", "kind", "county", "valid_from", "valid_until")
            }
        except (KeyError, ValueError):
            return None  # import_instance reports what is wrong with the row
        return continued_row(**identity)

    def import_instance(self, instance, row, **kwargs):
        stored = None
        if instance.pk:
            stored = (instance.valid_from, instance.valid_until, instance.predecessor_numbers)
        super().import_instance(instance, row, **kwargs)
        instance.is_nominable = can_be_nominated(instance.number, instance.kind)
        if stored:
            imported = (instance.valid_from, instance.valid_until, instance.predecessor_numbers)
            instance.valid_from, instance.valid_until, instance.predecessor_numbers = stored
            widen(instance, *imported)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Municipality.clean() checks what the constraints guard, with messages a clerk can act
        # on; checking the constraints again would cost a query each for every row.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=errors.keys(),
                validate_unique=validate_unique,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        if instance.kind == MunicipalityKind.FYLKESKOMMUNE:
            self.fields["county"].widget.forget()

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        self.waiting_predecessors = link_predecessors()

    def column_names(self) -> list[str]:
        return [field.column_name for field in self.get_import_fields()]
