"""Screening the candidates in the admin: eligible or not, with a reason, one at a time or
several at once, and the nominations for one candidate compared side by side."""

from functools import partial
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import secretariat
from ..models import Candidate, Eligibility
from .confirmation import confirm_with_reason, log_change
from .filters import CycleFilter
from .record_links import RecordLinkMixin


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
        if obj is not None and secretariat.may_see_nominations(request.user):
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
            log_change(
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
