"""Two tabs on one draft: the rule that keeps them from overwriting each other.

A draft's ``wizard_state`` holds what is typed in each step (``step_data``) and the step the
nominator was last on (``step``, where the e-mailed link leads back to). Every save that changes
what is typed raises ``Nomination.draft_version``; moving between steps, sending the nomination in
and its consent (the last step's box, ticked anew at each sending) do not. Each step page
carries the version it was read at, and a save (a step's button or the save as one types) names
it: one that names an older version is refused, so a tab never overwrites what another tab or
window saved since it was opened, and what it had typed is shown again, not lost.

A tab is never refused as if it were two: a save from the tab that made the last one (its
script's own id, ``draft_saved_by_tab``) is accepted even when it names an older version, as when
a save sent as the page was left lands after the reloaded page was read.
"""

import copy

from django.db import transaction
from django.utils import timezone

from .changes import SENT
from .forms import STEP_FORMS
from .models import Nomination

LAST_STEP = list(STEP_FORMS)[-1]
# The parts of a draft kept step by step: two saves of different steps change different parts.
PER_STEP = ("step_data", "step_files")
# What changes without anything being typed: no other tab's text is lost by it.
BOOKKEEPING = {("step",), (SENT,), ("step_data", LAST_STEP), ("step_files", LAST_STEP)}


def is_stale(nomination: Nomination, version, tab: str = "") -> bool:
    """Whether a save based on `version` (as posted: a string, or None) would overwrite a newer
    save of the draft made elsewhere."""
    if tab and tab == nomination.draft_saved_by_tab:
        return False
    return str(version) != str(nomination.draft_version)


def posted_tab(request) -> str:
    """The id the step's script gives its browser tab (kept across reloads), if any."""
    return request.POST.get("tab", "")[:64]


def _parts(before: dict, after: dict) -> set:
    """The parts of the state that differ: (key,) or, for what is kept per step, (key, step)."""
    parts = set()
    for key in set(before) | set(after):
        old, new = before.get(key), after.get(key)
        if key in PER_STEP and isinstance(old or {}, dict) and isinstance(new or {}, dict):
            old, new = old or {}, new or {}
            parts |= {(key, step) for step in set(old) | set(new) if old.get(step) != new.get(step)}
        elif old != new:
            parts.add((key,))
    return parts


_MISSING = object()


def _get(state: dict, part):
    value = state
    for name in part:
        if not isinstance(value, dict) or name not in value:
            return _MISSING
        value = value[name]
    return value


def _put(state: dict, part, value):
    *path, last = part
    for name in path:
        state = state.setdefault(name, {})
    if value is _MISSING:
        state.pop(last, None)
    else:
        state[last] = copy.deepcopy(value)


def store(nomination: Nomination, before: dict, after: dict, tab: str = "") -> bool:
    """Store `after`, the draft's state as a request left it; the request read `before` at
    ``nomination.draft_version``. When another save came in meanwhile (a second tab's, while
    this request was at work), what this request changed is put into what is stored now, unless
    that save changed the same step: then nothing is stored, and False says so."""
    if after == before:
        return True
    parts = _parts(before, after)
    typed = parts - BOOKKEEPING
    fields = {
        "wizard_state": copy.deepcopy(after),
        "draft_version": nomination.draft_version + (1 if typed else 0),
        "updated_at": timezone.now(),
    }
    if typed:
        fields["draft_saved_by_tab"] = tab
    # Unchanged since it was read (its last save's time too, as a step's sending or the step it
    # points to is saved without a new version): stored in one query. Otherwise, under the row's
    # lock, put into what is stored now.
    rows = Nomination.objects.filter(
        pk=nomination.pk,
        draft_version=nomination.draft_version,
        updated_at=nomination.updated_at,
    )
    if not rows.update(**fields):
        with transaction.atomic():
            stored = (
                Nomination.objects.select_for_update(no_key=True)
                .values("wizard_state", "draft_version")
                .get(pk=nomination.pk)
            )
            state = copy.deepcopy(stored["wizard_state"] or {})
            if any(_get(state, part) != _get(before, part) for part in typed):
                return False
            for part in parts:
                _put(state, part, _get(after, part))
            version = stored["draft_version"] + (1 if typed else 0)
            fields.update(wizard_state=state, draft_version=version)
            Nomination.objects.filter(pk=nomination.pk).update(**fields)
    for name, value in fields.items():
        setattr(nomination, name, value)
    return True
