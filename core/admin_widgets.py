"""The admin's date and time boxes, each with its own accessible name.

Django's AdminSplitDateTime puts two inputs under one label: the label names the date box only,
and the time box has no name at all (just the text «Time:» beside it). Here each box is named
after its field, e.g. «Nominations open, date» and «Nominations open, time»."""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext


class LabelledSplitDateTime(AdminSplitDateTime):
    def __init__(self, label, attrs=None):
        super().__init__(attrs)
        self.label = label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        date, time = context["widget"]["subwidgets"]
        date["attrs"]["aria-label"] = gettext("%(field)s, date") % {"field": self.label}
        time["attrs"]["aria-label"] = gettext("%(field)s, time") % {"field": self.label}
        return context


class LabelledDateTimeMixin:
    """For a ModelAdmin: every date-and-time field gets boxes named after the field."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, AdminSplitDateTime):
            widget = LabelledSplitDateTime(formfield.label)
            widget.is_required = formfield.required
            formfield.widget = widget
        return formfield
