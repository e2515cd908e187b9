"""Awards, their yearly cycles and the criteria in the admin: setting up a year, copying it to
the next, the criteria with the clauses they cite and their scale."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin_widgets import LabelledDateTimeMixin

from .. import defaults, rules, secretariat
from ..models import Award, Criterion, CriterionClause, Cycle, Phase, ScalePoint
from .filters import CycleFilter
from .record_links import RecordLinkMixin


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
        (
            _("Settings"),
            {
                "fields": (
                    "reason_max_length",
                    "answer_max_length",
                    "finalist_count",
                    "lists_other_nominees",
                )
            },
        ),
    )
    inlines = [CriterionInline]
    actions = ["copy_to_next_year", "add_default_criteria"]

    def get_queryset(self, request):
        return secretariat.cycles_with_counts(super().get_queryset(request)).with_winner_recorded()

    def save_model(self, request, obj, form, change):
        # Publication and phase times and the settings are recorded with who changed them, and
        # from what.
        secretariat.save_cycle(obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        # The criteria changed in the inline: one entry for each (the page's transaction).
        with rules.recording(form.instance, by=request.user):
            super().save_related(request, form, formsets, change)

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
                new = secretariat.copy_to_next_year(cycle, by=request.user)
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
            with transaction.atomic(), rules.recording(cycle, by=request.user):
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
class CriterionAdmin(RecordLinkMixin, admin.ModelAdmin):
    list_display = ("title", "position", "cycle", "weight")
    list_filter = (CycleFilter,)
    list_select_related = ("cycle__award",)
    search_fields = ("title", "question")
    fields = ("cycle", "position", "title", "question", "help_text", "jury_guidance", "weight")
    inlines = [CitedClauseInline, ScalePointInline]

    # Every change is recorded (rules.py): the criterion as stored before the form is saved,
    # and after its clauses and scale are (the page's one transaction).
    def save_model(self, request, obj, form, change):
        stored = Criterion.objects.filter(pk=obj.pk) if change else Criterion.objects.none()
        form.rules_before = rules.snapshots(stored)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        after = rules.snapshots(Criterion.objects.filter(pk=form.instance.pk))
        rules.record_changes(form.rules_before, after, by=request.user)

    def delete_model(self, request, obj):
        with transaction.atomic():
            before = rules.snapshots(Criterion.objects.filter(pk=obj.pk))
            super().delete_model(request, obj)
            rules.record_changes(before, {}, by=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            before = rules.snapshots(queryset)
            super().delete_queryset(request, queryset)
            rules.record_changes(before, {}, by=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cycle":
            kwargs["queryset"] = Cycle.objects.select_related("award")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
