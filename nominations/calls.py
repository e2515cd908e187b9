"""Which award's call a nominator meets when the address names none (/nominer/).

Several awards may have a call in the same year. The address of a call names its award
(/<award>/nominer/); the short address /nominer/ leads to the one call that is open, or, when
there is no single one, to a choice between the awards.
"""

from django.utils import timezone

from .models import Cycle


def unnamed(now=None) -> tuple[Cycle | None, list[Cycle]]:
    """(the call to show, the calls to choose from): one of the two is empty.

    The only open call is shown; with none open, the only award's current cycle (which then
    says when it opens or that the deadline has passed); otherwise a choice, of the open calls
    if any are open, else of every award's current cycle.
    """
    now = now or timezone.now()
    current = list(Cycle.objects.current_per_award())
    open_calls = [cycle for cycle in current if cycle.is_open_at(now)]
    if len(open_calls) == 1:
        return open_calls[0], []
    if not open_calls and len(current) <= 1:
        return (current[0] if current else None), []
    return None, open_calls or current
