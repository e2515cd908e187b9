"""List filters shared by both apps' admin pages (and the audit record's)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.ids import parse_id

from ..models import Cycle


class CycleFilter(admin.SimpleListFilter):
    """By cycle; lists the cycles with their awards in one query. A value that is no id the
    database can hold is ignored (core/ids.py)."""

    title = _("cycle")
    parameter_name = "cycle"
    # The lookup from the listed model to its cycle's id.
    cycle_field = "cycle_id"

    def lookups(self, request, model_admin):
        return [(str(c.pk), str(c)) for c in Cycle.objects.select_related("award")]

    def queryset(self, request, queryset):
        cycle_id = parse_id(self.value())
        if cycle_id is not None:
            return queryset.filter(**{self.cycle_field: cycle_id})
        return queryset
