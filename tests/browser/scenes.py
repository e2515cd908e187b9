"""The data the browser tests look at, built with the same helpers as the other suites."""

import datetime

from django.utils import timezone

from nominations.models import Cycle, Phase

DAY = datetime.timedelta(days=1)

# Days from now of each time of the calendar, per phase: the phase follows from the times
# (Cycle.phase_at), so moving them moves the cycle through its year.
PHASE_CALENDARS = {
    Phase.UPCOMING: (5, 100, 110, 150, 200, 215),
    Phase.OPEN: (-10, 100, 110, 150, 200, 215),
    Phase.SCREENING: (-100, -5, 5, 50, 100, 115),
    Phase.JURY: (-100, -20, -10, 20, 50, 65),
    Phase.DELIBERATION: (-100, -30, -20, -1, 20, 35),
    Phase.FINALISTS: (-100, -60, -50, -20, -0.1, 15),
    Phase.ANNOUNCED: (-200, -100, -90, -50, -30, -0.1),
}
CALENDAR_FIELDS = (
    "nominations_open_at",
    "nominations_close_at",
    "jury_started_at",
    "deliberation_started_at",
    "finalists_published_at",
    "announced_at",
)


def place_in_phase(cycle: Cycle, phase: str) -> Cycle:
    now = timezone.now()
    times = {
        name: now + days * DAY
        for name, days in zip(CALENDAR_FIELDS, PHASE_CALENDARS[phase], strict=True)
    }
    Cycle.objects.filter(pk=cycle.pk).update(**times)
    cycle.refresh_from_db()
    assert cycle.phase == phase, (cycle.phase, phase)
    return cycle
