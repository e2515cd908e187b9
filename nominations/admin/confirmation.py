"""An admin action's confirmation page that asks for a reason, as Django's delete confirmation
does for deleting. Both apps' admins use it (screening, withdrawal, erasure; lifting conflicts).
"""

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _


class ActionReasonForm(forms.Form):
    """The reason for an admin action, checked by the rule the action applies (`check`)."""

    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60})
    )

    def __init__(self, *args, check, label, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text

    @property
    def reason_is_required(self) -> bool:
        # Asked of the rule itself, so that the form never disagrees with it.
        try:
            self.check("")
        except ValidationError:
            return True
        return False

    def clean(self):
        cleaned = super().clean()
        try:
            self.check(cleaned.get("reason", ""))
        except ValidationError as error:
            self.add_error("reason", error)
        return cleaned


def confirm_with_reason(
    model_admin, request, queryset, *, action, title, intro, reason, apply, shown=None
):
    """An action's intermediate page, as Django's delete confirmation: the selected objects (or
    `shown`, what the action will touch) and a reason (`reason`: ActionReasonForm's arguments). On a
    valid confirmation it calls apply(reason) and returns None, which takes the clerk back to the
    list; otherwise it shows the page, with any error beside the field."""
    confirmed = request.POST.get("confirm") == "yes"
    form = ActionReasonForm(request.POST if confirmed else None, **reason)
    if form.is_valid():
        with transaction.atomic():  # the change and its log entry together
            apply(form.cleaned_data["reason"].strip())
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "objects": list(queryset),
        "shown": shown,
        "form": form,
        "action": action,
        "opts": model_admin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "submit_label": title,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/nominations/confirm_with_reason.html", context)


def log_change(request, objects, message: str):
    """Django's own history of the objects (their «History» page) gets the action and reason."""
    LogEntry.objects.log_actions(request.user.pk, objects, CHANGE, change_message=message)
