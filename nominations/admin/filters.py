"""List filters shared by both apps' admin pages (and the audit record's)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Cycle


class CycleFilter(admin.SimpleListFilter):
    """By cycle; lists the cycles with their awards in one query."""

    title = _("cycle")
    parameter_name = "cycle"

    def lookups(self, request, model_admin):
        return [(str(c.pk), str(c)) for c in Cycle.objects.select_related("award")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(cycle_id=int(value))
        return queryset
