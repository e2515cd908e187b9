"""What every page of one cycle's jury checks first, in one place."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .. import access


def juror_page(view):
    """A page of one cycle's jury, called as view(request, member, ...).

    Anonymous visitors are sent to the login; anyone not on the cycle's jury gets 404; a juror
    who has not declared their conflicts is sent to do that first.
    """

    @login_required
    @wraps(view)
    def wrapper(request, cycle_id, *args, **kwargs):
        member = access.membership(request.user, cycle_id)
        if access.must_declare_conflicts(member):
            return redirect("scoring:conflicts", cycle_id=cycle_id)
        return view(request, member, *args, **kwargs)

    return wrapper
