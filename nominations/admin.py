import json
from functools import partial
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, Min
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from core.admin_widgets import LabelledDateTimeMixin

from . import defaults, personal_data, secretariat
from .admin_filters import CycleFilter
from .audit_admin import RecordLinkMixin  # and registers the audit record's own admin
from .exports import NominationResource, SafeCSV, SafeXLSX
from .models import (
    Answer,
    Attachment,
    Award,
    Candidate,
    Criterion,
    CriterionClause,
    Cycle,
    Eligibility,
    Municipality,
    Nomination,
    NominationStatus,
    Phase,
    ScalePoint,
)
from .resources import MunicipalityResource
from .views import serve_attachment

# --- The municipality register -----------------------------------------------------------------


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
        value = self.value()
        if value and value.isdigit():
            return queryset.valid_in(int(value))
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


# --- Helpers shared by the screening admins ------------------------------------------------------


def may_see_nominations(user) -> bool:
    """What nominators wrote, and their files, are for those who may see nominations."""
    return user.has_perm("nominations.view_nomination") or user.has_perm(
        "nominations.change_nomination"
    )


class ReasonForm(forms.Form):
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
    `shown`, what the action will touch) and a reason (`reason`: ReasonForm's arguments). On a
    valid confirmation it calls apply(reason) and returns None, which takes the clerk back to the
    list; otherwise it shows the page, with any error beside the field."""
    confirmed = request.POST.get("confirm") == "yes"
    form = ReasonForm(request.POST if confirmed else None, **reason)
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


def _log_change(request, objects, message: str):
    LogEntry.objects.log_actions(request.user.pk, objects, CHANGE, change_message=message)


# --- Awards, cycles and criteria -----------------------------------------------------------------


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "platform", "reference_prefix")
    list_select_related = ("platform",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("platform",)


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ("position", "title", "question", "weight")
    extra = 0
    show_change_link = True
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}
    }


@admin.register(Cycle)
class CycleAdmin(LabelledDateTimeMixin, RecordLinkMixin, admin.ModelAdmin):
    list_display = (
        "year",
        "award",
        "phase",
        "nominations_open_at",
        "nominations_close_at",
        "candidates",
        "submitted_nominations",
        "criteria",
    )
    list_filter = ("award", "is_published")
    readonly_fields = ("phase",)
    fieldsets = (
        (None, {"fields": ("award", "year", "is_published", "phase")}),
        (
            _("Dates (Norwegian time)"),
            {
                "fields": (
                    "nominations_open_at",
                    "nominations_close_at",
                    "jury_started_at",
                    "deliberation_started_at",
                    "finalists_published_at",
                    "announced_at",
                )
            },
        ),
        (_("Settings"), {"fields": ("reason_max_length", "answer_max_length", "finalist_count")}),
    )
    inlines = [CriterionInline]
    actions = ["copy_to_next_year", "add_default_criteria"]

    def get_queryset(self, request):
        return secretariat.cycles_with_counts(super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        # Publication and phase times are recorded with who changed them, and from what.
        secretariat.save_cycle(obj, by=request.user)

    def get_changeform_initial_data(self, request):
        # The usual calendar of this year, to adjust rather than type.
        year = timezone.localdate().year
        return {
            "year": year,
            **Cycle.default_times(year),
            **super().get_changeform_initial_data(request),
        }

    @admin.display(description=_("phase"))
    def phase(self, cycle):
        if cycle.pk is None:  # a new cycle's dates may not be complete yet
            return Phase.DRAFT.label
        return cycle.get_phase_display()

    @admin.display(description=_("candidates"), ordering="candidate_count")
    def candidates(self, cycle):
        return cycle.candidate_count

    @admin.display(description=_("submitted nominations"), ordering="nomination_count")
    def submitted_nominations(self, cycle):
        return cycle.nomination_count

    @admin.display(description=_("criteria"), ordering="criterion_count")
    def criteria(self, cycle):
        return cycle.criterion_count

    @admin.action(description=_("Copy to next year (as a draft)"), permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        for cycle in queryset:
            try:
                new = secretariat.copy_to_next_year(cycle)
            except secretariat.CycleExists as exists:
                messages.error(
                    request,
                    gettext("%(award)s has a cycle for %(year)s already; nothing was copied.")
                    % {"award": exists.award, "year": exists.year},
                )
                continue
            self.log_addition(request, new, [{"added": {}}])
            messages.success(
                request,
                format_html(
                    gettext(
                        "{cycle} was created as a draft with the criteria of {year}. Check its "
                        "dates before publishing it."
                    ),
                    cycle=format_html(
                        '<a href="{}">{}</a>',
                        reverse("admin:nominations_cycle_change", args=[new.pk]),
                        new,
                    ),
                    year=cycle.year,
                ),
            )

    @admin.action(description=_("Add the default criteria"), permissions=["change"])
    def add_default_criteria(self, request, queryset):
        for cycle in queryset:
            if cycle.criteria.exists():
                messages.warning(
                    request,
                    gettext("%(cycle)s has criteria already; nothing was added.")
                    % {"cycle": cycle},
                )
                continue
            added = defaults.add_default_criteria(cycle)
            messages.success(
                request,
                ngettext(
                    "%(count)d criterion was added to %(cycle)s.",
                    "%(count)d criteria were added to %(cycle)s.",
                    len(added),
                )
                % {"count": len(added), "cycle": cycle},
            )


class CitedClauseFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        criterion = self.instance
        if criterion.cycle_id is None:
            return  # the criterion's own form reports the missing cycle
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if data.get("clause") and not data.get("DELETE"):
                try:
                    secretariat.check_cited_clause(criterion, data["clause"])
                except ValidationError as error:
                    form.add_error("clause", error)


class CitedClauseInline(admin.TabularInline):
    model = CriterionClause
    formset = CitedClauseFormSet
    fields = ("position", "clause")
    autocomplete_fields = ("clause",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("clause__section")


class ScalePointInline(admin.TabularInline):
    model = ScalePoint
    fields = ("value", "description")
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("title", "position", "cycle", "weight")
    list_filter = (CycleFilter,)
    list_select_related = ("cycle__award",)
    search_fields = ("title", "question")
    fields = ("cycle", "position", "title", "question", "help_text", "jury_guidance", "weight")
    inlines = [CitedClauseInline, ScalePointInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cycle":
            kwargs["queryset"] = Cycle.objects.select_related("award")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Screening: candidates -----------------------------------------------------------------------


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ("eligibility", "eligibility_reason")

    def clean(self):
        cleaned = super().clean()
        try:
            secretariat.check_decision(
                cleaned.get("eligibility"), cleaned.get("eligibility_reason", "")
            )
        except ValidationError as error:
            self.add_error("eligibility_reason", error)
        return cleaned


@admin.register(Candidate)
class CandidateAdmin(RecordLinkMixin, admin.ModelAdmin):
    form = CandidateForm
    change_form_template = "admin/nominations/candidate/change_form.html"
    list_display = (
        "municipality_display",
        "county",
        "cycle",
        "submitted_nominations",
        "eligibility",
        "notified",
    )
    list_filter = (CycleFilter, "eligibility")
    list_select_related = ("municipality__county", "cycle__award")
    search_fields = ("municipality__name", "municipality__number")
    search_help_text = _("A municipality's name or part of one, or the first digits of its number.")
    readonly_fields = (
        "municipality_display",
        "county",
        "cycle",
        "submitted_nominations",
        "screened_at",
        "municipality_notified_at",
    )
    fieldsets = (
        (None, {"fields": ("municipality_display", "county", "cycle", "submitted_nominations")}),
        (_("Screening"), {"fields": ("eligibility", "eligibility_reason", "screened_at")}),
        (None, {"fields": ("municipality_notified_at",)}),
    )
    actions = ["mark_eligible", "mark_ineligible"]

    def get_queryset(self, request):
        return secretariat.candidates_for_screening(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        return secretariat.search_candidates(queryset, search_term), False

    def has_add_permission(self, request):
        return False  # a candidate arises from a submitted nomination

    def has_delete_permission(self, request, obj=None):
        return False  # the record of a cycle keeps its candidates

    @admin.display(description=_("municipality"), ordering="municipality__name")
    def municipality_display(self, candidate):
        municipality = candidate.municipality
        return f"{municipality.display_name} ({municipality.number})"

    @admin.display(description=_("county"), ordering="municipality__county__name")
    def county(self, candidate):
        county = candidate.municipality.county
        return county.name if county else None

    @admin.display(description=_("submitted nominations"), ordering="nomination_count")
    def submitted_nominations(self, candidate):
        url = reverse("admin:nominations_nomination_changelist")
        query = urlencode({"candidate__id__exact": candidate.pk, "status": "submitted"})
        return format_html('<a href="{}?{}">{}</a>', url, query, candidate.nomination_count)

    @admin.display(
        description=_("municipality notified"), boolean=True, ordering="municipality_notified_at"
    )
    def notified(self, candidate):
        return candidate.municipality_notified_at is not None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and may_see_nominations(request.user):
            context["comparison"] = secretariat.compare_nominations(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if form.has_changed():
            # The same rule and bookkeeping as the actions.
            secretariat.screen(
                Candidate.objects.filter(pk=obj.pk),
                obj.eligibility,
                obj.eligibility_reason,
                by=request.user,
            )

    @admin.action(description=_("Mark eligible"), permissions=["change"])
    def mark_eligible(self, request, queryset):
        return self._screen(request, queryset, Eligibility.ELIGIBLE, "mark_eligible")

    @admin.action(description=_("Mark not eligible"), permissions=["change"])
    def mark_ineligible(self, request, queryset):
        return self._screen(request, queryset, Eligibility.INELIGIBLE, "mark_ineligible")

    def _screen(self, request, queryset, eligibility, action):
        decision = Eligibility(eligibility).label

        def apply(reason):
            _log_change(
                request,
                queryset,
                gettext("Screened: %(decision)s. %(reason)s")
                % {"decision": decision, "reason": reason},
            )
            count = secretariat.screen(queryset, eligibility, reason, by=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)d candidate marked «%(decision)s».",
                    "%(count)d candidates marked «%(decision)s».",
                    count,
                )
                % {"count": count, "decision": decision},
            )

        return confirm_with_reason(
            self,
            request,
            queryset,
            action=action,
            title=gettext("Mark «%(decision)s»") % {"decision": decision},
            intro=gettext("The decision applies to these candidates:"),
            reason={
                "check": partial(secretariat.check_decision, eligibility),
                "label": _("Reason for the decision"),
                "help_text": _(
                    "Kept with the candidate; the jury and the municipality may ask for it."
                ),
            },
            apply=apply,
        )


# --- Screening: nominations ----------------------------------------------------------------------


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
        return may_see_nominations(request.user)

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
        return may_see_nominations(request.user)

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
        if not may_see_nominations(request.user):
            raise PermissionDenied
        return serve_attachment(get_object_or_404(Attachment, pk=pk))

    @admin.action(description=_("Withdraw on request"), permissions=["change"])
    def withdraw_on_request(self, request, queryset):
        def apply(reason):
            withdrawn = secretariat.withdraw_on_request(queryset, reason, by=request.user)
            _log_change(
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
