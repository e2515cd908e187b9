"""The municipality register in the admin: SSB's lists imported as CSV or Excel files (the rules
are MunicipalityResource's), searched, and filtered by the year a municipality was valid in."""

from django.contrib import admin, messages
from django.db.models import Max, Min
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from core.ids import parse_id

from ..models import Municipality
from ..register_import import MunicipalityResource


class ValidInYearFilter(admin.SimpleListFilter):
    title = _("valid in year")
    parameter_name = "valid_in"

    def lookups(self, request, model_admin):
        span = Municipality.objects.aggregate(first=Min("valid_from"), last=Max("valid_from"))
        if span["first"] is None:
            return []
        last = max(span["last"].year, timezone.localdate().year)
        return [(str(year), str(year)) for year in range(last, span["first"].year - 1, -1)]

    def queryset(self, request, queryset):
        year = parse_id(self.value(), maximum=9999)  # a year Python's dates can hold
        if year:
            return queryset.valid_in(year)
        return queryset


@admin.register(Municipality)
class MunicipalityRegisterAdmin(ImportExportModelAdmin):
    resource_classes = [MunicipalityResource]
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    list_display = ("number", "name", "kind", "county", "valid_from", "valid_until")
    list_filter = ("kind", ValidInYearFilter)
    list_select_related = ("county",)
    search_fields = ("name", "number")
    search_help_text = _("A name or part of one, or the first digits of a number.")
    autocomplete_fields = ("county", "predecessors")
    readonly_fields = ("predecessor_numbers",)
    fieldsets = (
        (None, {"fields": ("number", "name", "kind", "county", "contact_email")}),
        (_("Validity"), {"fields": ("valid_from", "valid_until")}),
        (_("History"), {"fields": ("predecessors", "predecessor_numbers")}),
    )

    def get_search_results(self, request, queryset, search_term):
        # The register's own search, which also finds "ørland" on SQLite; no duplicates possible.
        return queryset.search(search_term), False

    def process_result(self, result, request):
        # The resource rolls the whole file back if a row fails at the confirm step (e.g. the
        # register changed since the preview); say so instead of reporting the rows as imported.
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                gettext(
                    "Nothing was imported: the file no longer passes the checks. Import it "
                    "again to see why."
                ),
            )
            return HttpResponseRedirect(reverse("admin:nominations_municipality_import"))
        return super().process_result(result, request)
