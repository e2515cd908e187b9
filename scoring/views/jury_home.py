"""The juror's pages around the candidates: the list of their juries, the home of one cycle with
their progress, the declaration of conflicts of interest, and the way to the next candidate."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from nominations.models import Candidate

from .. import access, progress
from .. import conflicts as conflict_rules
from ..models import Conflict, ConflictKind
from .common import juror_page


def _newest_first(memberships):
    return memberships.order_by("-jury__cycle__year", "jury__cycle__award__name")


@login_required
def index(request):
    """The cycles the user sits on; straight to the one whose work is going on, if only one."""
    memberships = list(_newest_first(access.memberships(request.user)))
    if not memberships and access.is_secretariat(request.user):
        return redirect("scoring:secretariat")
    current = [m for m in memberships if access.is_current(m.jury.cycle)]
    if len(current) == 1:
        return redirect("scoring:home", cycle_id=current[0].jury.cycle_id)
    return render(request, "scoring/index.html", {"memberships": memberships})


@juror_page
def home(request, member):
    candidates = progress.candidates_with_status(member)
    others = _newest_first(access.memberships(request.user).exclude(pk=member.pk))
    return render(
        request,
        "scoring/home.html",
        {
            "member": member,
            "cycle": member.jury.cycle,
            "candidates": candidates,
            "progress": progress.Progress.of(candidates),
            "may_score": access.may_score(member),
            "conflict_count": member.conflicts.active().count(),
            "other_memberships": others,
        },
    )


@juror_page
def next_candidate(request, member):
    candidate = progress.next_candidate(member)
    if candidate is None:
        messages.success(request, _("You have marked every candidate done."))
        return redirect("scoring:home", cycle_id=member.jury.cycle_id)
    return redirect("scoring:candidate", cycle_id=member.jury.cycle_id, candidate_id=candidate.pk)


# --- Declaring conflicts of interest -------------------------------------------------------------


@dataclass
class Row:
    """One candidate on the declaration form: an active conflict, or the fields to declare one."""

    candidate: Candidate
    conflict: Conflict | None
    is_new: bool
    kind: forms.BoundField | None = None
    note: forms.BoundField | None = None


class DeclarationForm(forms.Form):
    """A kind and a note per candidate not yet in conflict, and the confirmation that there
    are no other conflicts. An active conflict is shown, never offered for change: only the
    secretariat lifts one."""

    confirm = forms.BooleanField(
        label=_("I have no other conflicts of interest with the candidates above."),
        error_messages={
            "required": _("Confirm that you have no other conflicts of interest, to go on.")
        },
    )

    def __init__(self, *args, member, candidates, declared, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        since = member.conflicts_declared_at
        kinds = [("", _("No conflict")), *ConflictKind.choices]
        for candidate in candidates:
            name = candidate.municipality.display_name
            row = Row(
                candidate=candidate,
                conflict=declared.get(candidate.pk),
                is_new=bool(since and candidate.screened_at and candidate.screened_at > since),
            )
            if row.conflict is None:
                self.fields[f"kind_{candidate.pk}"] = forms.ChoiceField(
                    label=_("Conflict with %(name)s") % {"name": name},
                    choices=kinds,
                    required=False,
                )
                self.fields[f"note_{candidate.pk}"] = forms.CharField(
                    label=_("Note on %(name)s") % {"name": name},
                    required=False,
                    max_length=1000,
                )
            self.rows.append(row)
        # The confirmation last, where it is asked.
        self.fields["confirm"] = self.fields.pop("confirm")
        for row in self.rows:
            if row.conflict is None:
                row.kind = self[f"kind_{row.candidate.pk}"]
                row.note = self[f"note_{row.candidate.pk}"]

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            if row.conflict is not None:
                continue
            pk, name = row.candidate.pk, row.candidate.municipality.display_name
            kind, note = cleaned.get(f"kind_{pk}", ""), cleaned.get(f"note_{pk}", "")
            if not kind:
                if note.strip():
                    # Never drop what was typed: ask rather than ignore the note.
                    self.add_error(
                        f"kind_{pk}",
                        gettext("%(name)s: choose the kind of conflict, or empty the note.")
                        % {"name": name},
                    )
                continue
            try:
                conflict_rules.check_declaration(kind, note)
            except ValidationError as error:
                field = f"note_{pk}" if error.code == "note" else f"kind_{pk}"
                for message in error.messages:
                    self.add_error(field, f"{name}: {message}")
        return cleaned

    def declarations(self) -> list[conflict_rules.Declaration]:
        return [
            conflict_rules.Declaration(
                candidate=row.candidate,
                kind=self.cleaned_data[f"kind_{row.candidate.pk}"],
                note=self.cleaned_data[f"note_{row.candidate.pk}"],
            )
            for row in self.rows
            if row.conflict is None and self.cleaned_data.get(f"kind_{row.candidate.pk}")
        ]


@login_required
@require_http_methods(["GET", "POST"])
def conflicts(request, cycle_id):
    # Not a juror_page: this is where that check sends the juror.
    member = access.membership(request.user, cycle_id)
    candidates = sorted(access.declarable_candidates(member), key=progress.alphabetical)
    declared = {c.candidate_id: c for c in member.conflicts.active()}
    form = DeclarationForm(
        request.POST or None, member=member, candidates=candidates, declared=declared
    )
    if request.method == "POST" and form.is_valid():
        added = conflict_rules.declare(member, form.declarations(), by=request.user)
        if added:
            messages.success(
                request,
                ngettext(
                    "Your declaration is saved, with %(count)d new conflict of interest.",
                    "Your declaration is saved, with %(count)d new conflicts of interest.",
                    len(added),
                )
                % {"count": len(added)},
            )
        else:
            messages.success(request, _("Your declaration is saved."))
        return redirect("scoring:home", cycle_id=member.jury.cycle_id)
    return render(
        request,
        "scoring/conflicts.html",
        {
            "member": member,
            "cycle": member.jury.cycle,
            "form": form,
            "must_declare": access.must_declare_conflicts(member),
        },
    )
