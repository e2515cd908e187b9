"""The call, the nominator's private pages, the municipality's private page and downloads."""

from django import forms
from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import calls, changes, services
from .models import Attachment, Award, Candidate, Cycle, Nomination, NominationStatus


def start(request, award=None):
    """What a nominator needs to know before starting, or why the form is not open; at the
    short address a choice between awards when more than one has a call (calls.py)."""
    if award is None:
        cycle, choices = calls.unnamed()
        if choices:
            return render(request, "nominations/choose_award.html", {"cycles": choices})
        award = cycle.award if cycle is not None else None
    else:
        award = get_object_or_404(Award.objects.select_related("platform"), slug=award)
        cycle = Cycle.objects.current(award)
    criteria = []
    if cycle is not None:
        criteria = cycle.criteria.with_clauses()
    return render(
        request,
        "nominations/start.html",
        {"award": award, "cycle": cycle, "criteria": criteria},
    )


def new_nomination(request):
    """The short address of the form leads to the form of the one open call, which names its
    award; with no single open call, to /nominer/, which says why or offers the choice."""
    cycle, _choices = calls.unnamed()
    if cycle is None or not cycle.is_open:
        return redirect("nominations:start")
    url = reverse("nominations:award_wizard_new", kwargs={"award": cycle.award.slug})
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


def privacy(request):
    return render(
        request,
        "nominations/privacy.html",
        {
            "secretariat_email": settings.SECRETARIAT_EMAIL,
            "retention_months": settings.PERSONAL_DATA_RETENTION_MONTHS,
        },
    )


def _nomination(token):
    return get_object_or_404(
        Nomination.objects.select_related("cycle__award", "municipality", "candidate"),
        token=token,
    )


def nomination_page(request, token):
    nomination = _nomination(token)
    answers = nomination.answers.select_related("criterion")
    return render(
        request,
        "nominations/nomination.html",
        {
            "nomination": nomination,
            "answers": answers,
            "attachments": nomination.attachments.select_related("criterion"),
            "can_change": nomination.cycle.is_open
            and nomination.status != NominationStatus.WITHDRAWN,
            "unsent": changes.unsent(nomination),
        },
    )


def receipt(request, token):
    nomination = _nomination(token)
    if not nomination.is_submitted:
        return redirect(nomination.get_private_url())
    return render(request, "nominations/receipt.html", {"nomination": nomination})


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    nomination = _nomination(token)
    if nomination.status == NominationStatus.WITHDRAWN:
        return redirect(nomination.get_private_url())
    if not nomination.cycle.is_open:
        return render(
            request,
            "nominations/closed.html",
            {"cycle": nomination.cycle, "nomination": nomination},
            status=403 if request.method == "POST" else 200,
        )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw(nomination, form.cleaned_data["reason"])
        return redirect(nomination.get_private_url())
    return render(request, "nominations/withdraw.html", {"nomination": nomination, "form": form})


@require_http_methods(["GET", "POST"])
def candidate_material(request, token):
    """The municipality's own page: it is nominated, and may add its own material."""
    candidate = get_object_or_404(
        Candidate.objects.select_related("cycle__award", "municipality"), token=token
    )
    own = (
        candidate.cycle.nominations.filter(
            municipality=candidate.municipality, is_municipality_material=True
        )
        .exclude(status=NominationStatus.WITHDRAWN)
        .first()
    )
    if request.method == "POST":
        if not candidate.cycle.is_open:
            return render(
                request, "nominations/closed.html", {"cycle": candidate.cycle}, status=403
            )
        draft = services.start_municipality_material(candidate)
        return redirect("nominations:resume", token=draft.token)
    return render(
        request,
        "nominations/candidate.html",
        {
            "candidate": candidate,
            "own": own,
            "nomination_count": candidate.nominations.filter(
                status=NominationStatus.SUBMITTED
            ).count(),
        },
    )


def attachment(request, token, attachment_token):
    """A file of a nomination, only through that nomination's private link."""
    nomination = _nomination(token)
    item = get_object_or_404(Attachment, nomination=nomination, token=attachment_token)
    return serve_attachment(item)


def serve_attachment(item: Attachment):
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
