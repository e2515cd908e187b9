"""Every object's admin page links to its record of changes (the audit list narrowed to that
object), for those who may read the record. Both apps' admins use it."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

VIEW_PERMISSION = "nominations.view_auditentry"
# The audit list's filter for one object's entries: ?object=<content type id>-<object id>.
OBJECT_PARAMETER = "object"


def may_read_record(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(VIEW_PERMISSION)


def object_record_url(content_type_id, object_id) -> str:
    return (
        reverse("admin:nominations_auditentry_changelist")
        + f"?{OBJECT_PARAMETER}={content_type_id}-{object_id}"
    )


def record_url(obj) -> str:
    """The audit list narrowed to one object's entries."""
    return object_record_url(ContentType.objects.get_for_model(obj).pk, obj.pk)


class RecordLinkMixin:
    """An object's admin page links to its record of changes, for those who may read it."""

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "record")

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or not may_read_record(request.user):
            return fieldsets
        return [*fieldsets, (_("Record of changes"), {"fields": ("record",)})]

    @admin.display(description=_("record of changes"))
    def record(self, obj):
        return format_html(
            '<a href="{}">{}</a>', record_url(obj), gettext("Every change of this object")
        )
