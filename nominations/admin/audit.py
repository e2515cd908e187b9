"""The audit record in the admin: a read-only list for the secretariat, filtered by cycle, kind
of change, person and date, and the record of one object, linked from the object's own page
(record_links.py).

Nobody adds, changes or deletes an entry here. A user who sits on a cycle's jury does not see
that cycle's entries (a seat decides, as on the jury's pages: the record holds every juror's
scores); which cycles those are is the scoring app's to say (audit.register_seated_cycles).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.ids import parse_id

from .. import audit
from ..models import AuditEntry
from .filters import CycleFilter
from .record_links import OBJECT_PARAMETER, may_read_record, object_record_url


class ActorFilter(admin.SimpleListFilter):
    """The people who appear in the record, in one query."""

    title = _("person")
    parameter_name = "person"

    def lookups(self, request, model_admin):
        users = get_user_model().objects.filter(
            pk__in=AuditEntry.objects.filter(actor__isnull=False).values("actor")
        )
        return [(str(u.pk), audit.name_of(u)) for u in users.order_by("last_name", "first_name")]

    def queryset(self, request, queryset):
        actor_id = parse_id(self.value())
        if actor_id is not None:
            return queryset.filter(actor_id=actor_id)
        return queryset


class ObjectFilter(admin.SimpleListFilter):
    """One object's record: «<content type>-<pk>». Offered only once chosen (from the list's
    links, or the object's own admin page)."""

    title = _("object")
    parameter_name = OBJECT_PARAMETER

    def _parts(self):
        content_type, _dash, pk = (self.value() or "").partition("-")
        content_type, pk = parse_id(content_type), parse_id(pk)
        if content_type is None or pk is None:
            return None
        return content_type, pk

    def lookups(self, request, model_admin):
        parts = self._parts()
        if parts is None:
            return []
        first = (
            AuditEntry.objects.filter(content_type_id=parts[0], object_id=parts[1])
            .values_list("object_repr", flat=True)
            .first()
        )
        return [(self.value(), first or self.value())]

    def queryset(self, request, queryset):
        parts = self._parts()
        if parts is None:
            return queryset
        return queryset.filter(content_type_id=parts[0], object_id=parts[1])


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "who", "what", "cycle", "changes_summary")
    list_filter = (
        CycleFilter,
        "kind",
        ActorFilter,
        ("at", admin.DateFieldListFilter),
        ObjectFilter,
    )
    list_select_related = ("cycle__award",)
    date_hierarchy = "at"
    search_fields = ("object_repr", "actor_name", "reason")
    search_help_text = _("A name of what changed or of who changed it, or words of the reason.")
    list_per_page = 100
    fieldsets = (
        (None, {"fields": ("at", "kind", "who", "cycle", "what")}),
        (_("What changed"), {"fields": ("changes_table", "reason", "details")}),
    )
    readonly_fields = ("at", "kind", "who", "cycle", "what", "changes_table", "reason", "details")

    def get_queryset(self, request):
        entries = super().get_queryset(request)
        return entries.exclude(cycle__in=audit.seated_cycles(request.user))

    def has_view_permission(self, request, obj=None):
        return may_read_record(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("who"), ordering="actor_name")
    def who(self, entry):
        return audit.actor_display(entry)

    @admin.display(description=_("what"), ordering="object_repr")
    def what(self, entry):
        if entry.content_type_id is None:
            return entry.object_repr
        return format_html(
            '<a href="{}" title="{}">{}</a>',
            object_record_url(entry.content_type_id, entry.object_id),
            gettext("Every change of this object"),
            entry.object_repr,
        )

    @admin.display(description=_("changes"))
    def changes_summary(self, entry):
        text = audit.summary(entry) or entry.reason
        return text if len(text) <= 200 else text[:199] + "…"

    @admin.display(description=_("changes"))
    def changes_table(self, entry):
        shown = audit.shown_changes(entry)
        if not shown:
            return "–"
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th>"
            "<td class='prewrap'>{}</td><td class='prewrap'>{}</td></tr>",
            (
                (
                    f"{change.label} ({change.subject})" if change.subject else change.label,
                    change.before,
                    change.after,
                )
                for change in shown
            ),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table>",
            gettext("Field"),
            gettext("Before"),
            gettext("After"),
            rows,
        )
