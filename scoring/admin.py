"""The secretariat's part of the jury's work: juries and their members, invitations, and
conflicts of interest (added, or lifted with a reason; never deleted)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts import twofactor
from nominations.admin.confirmation import confirm_with_reason, log_change
from nominations.admin.filters import CycleFilter
from nominations.admin.record_links import RecordLinkMixin
from nominations.models import Cycle

from . import conflicts, decision, invitations
from .models import Conflict, Jury, JuryMember, Result


def _invite(request, members):
    """Invite each member; report those sent and those without an e-mail address."""
    sent = 0
    for member in members:
        try:
            invitations.invite(member, request)
        except invitations.NoEmailAddress:
            messages.error(
                request,
                gettext("%(member)s has no e-mail address; no invitation was sent.")
                % {"member": member},
            )
        else:
            sent += 1
    if sent:
        messages.success(
            request,
            ngettext("%(count)d invitation was sent.", "%(count)d invitations were sent.", sent)
            % {"count": sent},
        )


def _member_label(member: JuryMember) -> str:
    return f"{member} – {member.jury.cycle}"


# --- Juries and their members --------------------------------------------------------------------


class JuryMemberFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        if sum(1 for form in kept if form.cleaned_data.get("is_chair")) > 1:
            raise ValidationError(_("A jury has one chair."))
        for form in self.forms:
            member, data = form.instance, getattr(form, "cleaned_data", {})
            if member.pk is None or not (data.get("DELETE") or "user" in form.changed_data):
                continue
            # The record of a cycle keeps who scored what and who was in conflict.
            if member.reviews.exists() or member.conflicts.exists():
                form.add_error(
                    None,
                    gettext(
                        "This member has reviews or conflicts of interest: they stay on the "
                        "jury as the same person."
                    ),
                )


class JuryMemberInline(admin.TabularInline):
    model = JuryMember
    formset = JuryMemberFormSet
    fields = ("user", "is_chair", "invited_at", "conflicts_declared_at")
    readonly_fields = ("invited_at", "conflicts_declared_at")
    autocomplete_fields = ("user",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Jury)
class JuryAdmin(admin.ModelAdmin):
    list_display = ("cycle", "reveal_policy", "chair", "member_count")
    list_filter = (CycleFilter,)  # ?cycle= is this filter's, never a raw lookup
    ordering = ("-cycle__year",)
    list_select_related = ("cycle__award",)
    fields = ("cycle", "reveal_policy")
    inlines = [JuryMemberInline]
    actions = ["invite_uninvited"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members__user")

    def get_readonly_fields(self, request, obj=None):
        # Conflicts and reviews point at the cycle's candidates: the cycle stays.
        return ("cycle",) if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cycle":
            kwargs["queryset"] = Cycle.objects.select_related("award").filter(jury__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # the record of a cycle keeps its jury

    def get_urls(self):
        from django.urls import path

        add = self.admin_site.admin_view(self.add_juror_view)
        return [
            path("<int:object_id>/add-juror/", add, name="scoring_jury_add_juror")
        ] + super().get_urls()

    def add_juror_view(self, request, object_id):
        """A juror by name and e-mail: the account, the seat and the invitation (admin_jurors)."""
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import get_object_or_404

        from .admin_jurors import add_juror

        jury = get_object_or_404(Jury.objects.select_related("cycle__award"), pk=object_id)
        if not (
            self.has_change_permission(request, jury)
            and request.user.has_perm("scoring.add_jurymember")
        ):
            raise PermissionDenied
        return add_juror(self, request, jury)

    @admin.display(description=_("chair"))
    def chair(self, jury):
        return next((str(m) for m in jury.members.all() if m.is_chair), "–")

    @admin.display(description=_("members"))
    def member_count(self, jury):
        return len(jury.members.all())

    @admin.action(description=_("Send invitations to the members not yet invited"))
    def invite_uninvited(self, request, queryset):
        members = JuryMember.objects.filter(jury__in=queryset, invited_at__isnull=True)
        members = members.select_related("user", "jury__cycle__award")
        if not members:
            messages.info(request, gettext("Every member has been invited already."))
            return
        _invite(request, members)


class JuryCycleFilter(CycleFilter):
    cycle_field = "jury__cycle_id"


@admin.register(JuryMember)
class JuryMemberAdmin(admin.ModelAdmin):
    """Every juror of every cycle, to see who has been invited and has declared conflicts.
    Members are added and removed on their jury's page."""

    list_display = ("__str__", "email", "jury", "is_chair", "invited_at", "conflicts_declared_at")
    list_filter = (JuryCycleFilter, "is_chair")
    list_select_related = ("user", "jury__cycle__award")
    search_fields = ("user__first_name", "user__last_name", "user__username", "user__email")
    fields = ("jury", "user", "is_chair", "invited_at", "conflicts_declared_at")
    actions = ["send_invitation", "reset_login"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only here; the list's actions still need the permission.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, member):
        return member.user.email

    @admin.action(description=_("Send invitation"), permissions=["change"])
    def send_invitation(self, request, queryset):
        _invite(request, queryset)

    @admin.action(
        description=_("Reset the login (lost phone) and send a new invitation"),
        permissions=["change"],
    )
    def reset_login(self, request, queryset):
        """The juror lost their phone (and recovery codes): the old password and app stop
        working, and the invitation lets them choose a password and set up the app anew."""
        for member in queryset:
            twofactor.reset_login(member.user)
        _invite(request, queryset)


# --- Conflicts of interest -----------------------------------------------------------------------


class ConflictCycleFilter(CycleFilter):
    cycle_field = "candidate__cycle_id"


class ConflictStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", _("Active")), ("lifted", _("Lifted"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.active()
        if self.value() == "lifted":
            return queryset.filter(lifted_at__isnull=False)
        return queryset


class ConflictForm(forms.ModelForm):
    class Meta:
        model = Conflict
        fields = ("member", "candidate", "kind", "note")

    def clean(self):
        cleaned = super().clean()
        member, candidate = cleaned.get("member"), cleaned.get("candidate")
        if member and candidate:
            try:
                conflicts.check_candidate(member, candidate)
            except ValidationError as error:
                self.add_error("candidate", error)
        if cleaned.get("kind"):
            try:
                conflicts.check_declaration(cleaned["kind"], cleaned.get("note", ""))
            except ValidationError as error:
                self.add_error("note", error)
        return cleaned


@admin.register(Conflict)
class ConflictAdmin(RecordLinkMixin, admin.ModelAdmin):
    form = ConflictForm
    list_display = (
        "member",
        "candidate",
        "kind",
        "declared_by",
        "declared_at",
        "is_active",
        "lifted_at",
    )
    list_filter = (ConflictCycleFilter, ConflictStatusFilter, "kind")
    list_select_related = ("member__user", "candidate__municipality", "candidate__cycle")
    search_fields = (
        "member__user__first_name",
        "member__user__last_name",
        "candidate__municipality__name",
    )
    autocomplete_fields = ("candidate",)
    actions = ["lift"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("declared_by", "lifted_by")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("member", "candidate", "kind", "note")
        return (
            "member",
            "candidate",
            "kind",
            "note",
            "declared_by",
            "declared_at",
            "lifted_at",
            "lifted_by",
            "lift_reason",
        )

    def get_readonly_fields(self, request, obj=None):
        return (*self.get_fields(request, obj), "record") if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "member":
            kwargs["queryset"] = JuryMember.objects.select_related("user", "jury__cycle__award")
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = _member_label
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # A declared conflict is a record, only lifted with the list's action (which needs the
        # permission).
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # lifted, never deleted

    def save_model(self, request, obj, form, change):
        if not change:
            # Recorded as declared by the secretariat, in the audit record too.
            conflicts.add(obj, by=request.user)

    @admin.display(description=_("active"), boolean=True, ordering="lifted_at")
    def is_active(self, conflict):
        return conflict.lifted_at is None

    @admin.action(description=_("Lift the conflicts (with a reason)"), permissions=["change"])
    def lift(self, request, queryset):
        queryset = queryset.active()
        if not queryset.exists():
            messages.warning(request, gettext("The selected conflicts are lifted already."))
            return None

        def apply(reason):
            log_change(request, list(queryset), gettext("Lifted: %(reason)s") % {"reason": reason})
            count = conflicts.lift(queryset, by=request.user, reason=reason)
            messages.success(
                request,
                ngettext(
                    "%(count)d conflict of interest was lifted.",
                    "%(count)d conflicts of interest were lifted.",
                    count,
                )
                % {"count": count},
            )

        return confirm_with_reason(
            self,
            request,
            queryset,
            action="lift",
            title=gettext("Lift conflicts of interest"),
            intro=gettext(
                "The jurors will see these candidates again. The conflicts are kept as lifted:"
            ),
            reason={
                "check": conflicts.check_lift_reason,
                "label": _("Reason for lifting"),
                "help_text": _("Required. Kept with the conflict."),
            },
            apply=apply,
        )


# --- Results -------------------------------------------------------------------------------------


class ResultForm(forms.ModelForm):
    class Meta:
        model = Result
        fields = ("lix_target",)

    def clean_lix_target(self):
        target = self.cleaned_data["lix_target"]
        low, high = decision.LIX_TARGET_RANGE
        if not low <= target <= high:
            raise ValidationError(
                gettext("Choose a target from %(low)d to %(high)d.") % {"low": low, "high": high}
            )
        return target


@admin.register(Result)
class ResultAdmin(RecordLinkMixin, admin.ModelAdmin):
    """The jury's result of each cycle. The chair chooses and writes on the deliberation pages;
    here the secretariat sets the readability target; the record is the audit record's."""

    form = ResultForm
    list_display = ("cycle", "winner", "lix_target", "locked_at")
    list_filter = (CycleFilter,)  # ?cycle= is this filter's, never a raw lookup
    list_select_related = ("cycle__award", "winner__municipality")
    ordering = ("-cycle__year",)
    fields = (
        "cycle",
        "winner",
        "finalist_names",
        "justification",
        "lix_target",
        "locked_at",
        "locked_by",
        "corrected_at",
        "updated_at",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("finalists__candidate__municipality")

    def get_readonly_fields(self, request, obj=None):
        # A locked result changes only after an unlock, with a reason, on the result page.
        editable = () if obj is not None and obj.is_locked else ("lix_target",)
        return (*(name for name in self.fields if name not in editable), "record")

    def has_add_permission(self, request):
        return False  # a result is made by the chair's choice

    def has_delete_permission(self, request, obj=None):
        return False  # the record of a cycle keeps its result

    @admin.display(description=_("finalists"))
    def finalist_names(self, result):
        return ", ".join(str(f.candidate.municipality.display_name) for f in result.finalists.all())

    def save_model(self, request, obj, form, change):
        if "lix_target" not in form.changed_data:
            return
        # Through the rule, so that the change is recorded with who and when.
        actor = decision.Deliberator(user=request.user, cycle=obj.cycle, member=None)
        try:
            decision.set_lix_target(actor, obj.lix_target)
        except decision.Refused as refusal:
            messages.error(request, refusal.message)
