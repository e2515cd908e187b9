"""The nominations in the admin: read-only (the secretariat never changes what a nominator
wrote), exported, withdrawn on request, and one nominator's personal data exported or erased."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.forms import ExportForm

from .. import personal_data, secretariat
from ..exports import NominationResource, SafeCSV, SafeXLSX
from ..models import Answer, Attachment, Nomination, NominationStatus
from ..views import serve_attachment
from .confirmation import confirm_with_reason, log_change
from .filters import CycleFilter
from .record_links import RecordLinkMixin


class NominationStatusFilter(admin.SimpleListFilter):
    """Drafts are hidden unless asked for: they are not nominations yet."""

    title = _("status")
    parameter_name = "status"
    DEFAULT = "sent"

    def lookups(self, request, model_admin):
        return [
            (self.DEFAULT, _("Submitted or withdrawn")),
            (NominationStatus.SUBMITTED, NominationStatus.SUBMITTED.label),
            (NominationStatus.WITHDRAWN, NominationStatus.WITHDRAWN.label),
            (NominationStatus.DRAFT, _("Drafts")),
            ("all", _("All, drafts too")),
        ]

    def choices(self, changelist):
        current = self.value() or self.DEFAULT
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or self.DEFAULT
        if value == self.DEFAULT:
            return queryset.exclude(status=NominationStatus.DRAFT)
        if value in NominationStatus.values:
            return queryset.filter(status=value)
        return queryset


class ReadOnlyInline(admin.TabularInline):
    """What the nominator sent, shown and never changed."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return secretariat.may_see_nominations(request.user)

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ("criterion", "text", "evidence_url")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("download", "criterion", "content_type", "size", "uploaded_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")

    @admin.display(description=_("file"))
    def download(self, attachment):
        url = reverse("admin:nominations_nomination_attachment", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


@admin.register(Nomination)
class NominationAdmin(RecordLinkMixin, ExportMixin, admin.ModelAdmin):
    resource_classes = [NominationResource]
    export_formats = [SafeCSV, SafeXLSX]
    # The columns depend on the cycles exported, so there is no choosing among them.
    export_form_class = ExportForm
    list_display = (
        "reference",
        "municipality",
        "nominator",
        "nominated_by",
        "status",
        "submitted_at",
        "is_municipality_material",
    )
    list_display_links = ("reference", "municipality")
    list_filter = (CycleFilter, NominationStatusFilter, "nominator_kind")
    list_select_related = ("municipality",)
    search_fields = ("reference", "nominator_name", "nominator_email", "municipality__name")
    search_help_text = _(
        "A reference, a nominator's name, e-mail or organisation, or a municipality's name or "
        "number."
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "cycle",
                    "municipality",
                    "candidate",
                    "status",
                    "is_municipality_material",
                )
            },
        ),
        (
            _("Nominator"),
            {
                "fields": (
                    "nominator_name",
                    "nominator_email",
                    "nominator_phone",
                    "nominator_kind",
                    "organisation_name",
                    "organisation_number",
                )
            },
        ),
        (_("Nomination"), {"fields": ("reason",)}),
        (
            _("History"),
            {
                "fields": (
                    "created_at",
                    "consent_at",
                    "submitted_at",
                    "updated_at",
                    "withdrawn_at",
                    "withdrawal_reason",
                    "anonymised_at",
                )
            },
        ),
    )
    inlines = [AnswerInline, AttachmentInline]
    actions = ["withdraw_on_request", "export_personal_data", "erase_personal_data"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("cycle__award", "municipality", "candidate__municipality")
        )

    def get_search_results(self, request, queryset, search_term):
        return secretariat.search_nominations(queryset, search_term), False

    def has_add_permission(self, request):
        return False  # nominations come through the form

    @admin.display(description=_("nominator"), ordering="nominator_name")
    def nominator(self, nomination):
        if nomination.anonymised_at:
            return gettext("(contact details removed)")
        return nomination.nominator_name

    @admin.display(description=_("nominated by"), ordering="nominator_kind")
    def nominated_by(self, nomination):
        return nomination.get_nominator_kind_display()

    def has_delete_permission(self, request, obj=None):
        return False  # a nomination is never lost; it can be withdrawn

    def has_change_permission(self, request, obj=None):
        # The secretariat must not silently change what a nominator wrote: a nomination's page
        # is read-only. The permission still counts for the list's actions (withdrawal).
        return obj is None and super().has_change_permission(request)

    def has_export_permission(self, request):
        return secretariat.may_see_nominations(request.user)

    def get_data_for_export(self, request, queryset, **kwargs):
        # import-export keeps dates and numbers native only for its own binary formats, which
        # SafeXLSX is not by type; a spreadsheet should get real dates.
        form = kwargs.get("export_form")
        if form is not None and form.is_valid():
            file_format = self.get_export_formats()[int(form.cleaned_data["format"])]
            kwargs["force_native_type"] = file_format().is_binary()
        return super().get_data_for_export(request, queryset, **kwargs)

    def get_urls(self):
        download = path(
            "attachment/<int:pk>/",
            self.admin_site.admin_view(self.attachment_view),
            name="nominations_nomination_attachment",
        )
        return [download, *super().get_urls()]

    def attachment_view(self, request, pk):
        if not secretariat.may_see_nominations(request.user):
            raise PermissionDenied
        return serve_attachment(get_object_or_404(Attachment, pk=pk))

    @admin.action(description=_("Withdraw on request"), permissions=["change"])
    def withdraw_on_request(self, request, queryset):
        def apply(reason):
            withdrawn = secretariat.withdraw_on_request(queryset, reason, by=request.user)
            log_change(
                request, withdrawn, gettext("Withdrawn on request: %(reason)s") % {"reason": reason}
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d nomination withdrawn.",
                    "%(count)d nominations withdrawn.",
                    len(withdrawn),
                )
                % {"count": len(withdrawn)},
            )

        return confirm_with_reason(
            self,
            request,
            queryset,
            action="withdraw_on_request",
            title=gettext("Withdraw on request"),
            intro=gettext("These nominations will be withdrawn:"),
            reason={
                "check": secretariat.check_withdrawal_reason,
                "label": _("Reason for withdrawal"),
                "help_text": _("Who asked, when and how. Kept with the nomination."),
            },
            apply=apply,
        )

    # --- One nominator's personal data, on request ----------------------------------------------

    def _one_address(self, request, queryset) -> str | None:
        """The e-mail address of the selected nominations: a request comes from one person."""
        addresses = {n.nominator_email.strip().lower() for n in queryset if n.nominator_email}
        if len(addresses) == 1:
            return addresses.pop()
        messages.error(
            request,
            gettext(
                "Choose the nominations of one nominator (one e-mail address): search for the "
                "address, with «All, drafts too»."
            )
            if addresses
            else gettext("The selected nominations have no e-mail address."),
        )
        return None

    @admin.action(
        description=_("Export the nominator's personal data (JSON)"), permissions=["view"]
    )
    def export_personal_data(self, request, queryset):
        email = self._one_address(request, queryset)
        if email is None:
            return None
        nominations = list(personal_data.nominations_of(email))
        data = personal_data.export(email, nominations)
        personal_data.record_export(nominations, by=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="personopplysninger.json"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @admin.action(description=_("Erase the nominator's personal data"), permissions=["change"])
    def erase_personal_data(self, request, queryset):
        email = self._one_address(request, queryset)
        if email is None:
            return None
        found = list(personal_data.nominations_of(email))

        def apply(reason):
            done = personal_data.erase(email, by=request.user, reason=reason)
            messages.success(
                request,
                gettext(
                    "The contact details are removed from nominations: %(nominations)d; drafts "
                    "deleted: %(drafts)d."
                )
                % {"nominations": len(done.anonymised), "drafts": done.deleted_drafts},
            )

        return confirm_with_reason(
            self,
            request,
            queryset,
            action="erase_personal_data",
            title=gettext("Erase the nominator's personal data"),
            intro=gettext(
                "The name, e-mail address and phone number of %(email)s are removed from these "
                "nominations, and their private links stop working; what was written stays as "
                "the award's record. Drafts never submitted are deleted with their files."
            )
            % {"email": email},
            reason={
                "check": secretariat.check_erasure_reason,
                "label": _("The request"),
                "help_text": _("Who asked, when and how. Kept in the audit record."),
            },
            apply=apply,
            shown=found,
        )
