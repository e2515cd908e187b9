"""The secretariat's home: one cycle's year at a glance (scoring/secretariat.py), with a
reminder button for each juror who has not finished, and links into the admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from nominations.models import Cycle

from .. import access
from .. import secretariat as year_overview
from ..models import JuryMember

REMIND_PERMISSION = "scoring.change_jurymember"


def _check(user):
    if not access.is_secretariat(user):
        raise PermissionDenied


def default_cycle(now):
    """The cycle whose announcement comes next; when none is ahead, the newest."""
    cycles = Cycle.objects.select_related("award").order_by()
    ahead = cycles.filter(announced_at__gt=now).order_by("announced_at").first()
    return ahead or cycles.order_by("-year", "pk").first()


@login_required
def home(request, cycle_id=None):
    _check(request.user)
    now = timezone.now()
    if cycle_id is None:
        cycle = default_cycle(now)
    else:
        cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=cycle_id)
    cycles = list(Cycle.objects.select_related("award").order_by("-year", "award__name"))
    year = year_overview.overview(cycle, now) if cycle is not None else None
    return render(
        request,
        "scoring/secretariat.html",
        {
            "cycle": cycle,
            "cycles": cycles,
            "year": year,
            "may_remind": request.user.has_perm(REMIND_PERMISSION),
        },
    )


@login_required
@require_POST
def remind(request, cycle_id, member_id):
    _check(request.user)
    if not request.user.has_perm(REMIND_PERMISSION):
        raise PermissionDenied
    member = get_object_or_404(
        JuryMember.objects.select_related("user"), pk=member_id, jury__cycle_id=cycle_id
    )
    try:
        year_overview.remind(member, by=request.user)
    except year_overview.ReminderRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            gettext("A reminder was sent to %(member)s.") % {"member": member},
        )
    return redirect("scoring:secretariat_cycle", cycle_id=cycle_id)
