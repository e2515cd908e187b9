"""A candidate's jury page: the nominations side by side, the juror's review form, the other
jurors' reviews when the rules allow, and the jury's discussion.

Every endpoint asks access.candidate_access first: a juror of another cycle, a juror in
conflict and anyone else get 404. The rules for changing a review are in reviews.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nominations.models import Attachment, NominationStatus
from nominations.views import serve_attachment

from .. import access, reviews
from ..review_forms import CommentForm, ReviewForm


def _viewer(request, cycle_id, candidate_id) -> access.CandidateAccess:
    return access.candidate_access(request.user, cycle_id, candidate_id)


def _page_url(viewer):
    return reverse(
        "scoring:candidate",
        kwargs={"cycle_id": viewer.cycle.pk, "candidate_id": viewer.candidate.pk},
    )


def _declare_first(viewer):
    """A juror goes through the conflict declaration before reading any candidate."""
    member = viewer.member
    if member is not None and access.must_declare_conflicts(member):
        return redirect("scoring:conflicts", cycle_id=viewer.cycle.pk)
    return None


def _render(request, viewer, *, form=None, comment_form=None, stale=None, status=200):
    page = reviews.candidate_page(viewer)
    if form is None and page.editable:
        form = ReviewForm(criteria=page.criteria, review=page.review)
    form = form if page.editable else None
    rows = form.rows() if form else (None for _block in page.blocks)
    context = {
        "page": page,
        "sections": list(zip(page.blocks, rows, strict=True)),
        "cycle": viewer.cycle,
        "candidate": viewer.candidate,
        "form": form,
        "comment_form": comment_form or CommentForm(),
        "stale": stale,
        "saved_message": reviews.saved_message(page.review) if page.review else "",
    }
    return render(request, "scoring/candidate.html", context, status=status)


def _refused(request, viewer, refusal: reviews.ReviewRefused):
    messages.error(request, refusal.message)
    if refusal.status == 403:
        return _render(request, viewer, status=403)
    return redirect(_page_url(viewer))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidate(request, cycle_id, candidate_id):
    viewer = _viewer(request, cycle_id, candidate_id)
    if response := _declare_first(viewer):
        return response
    if request.method != "POST":
        return _render(request, viewer)
    if viewer.member is None:
        return _not_a_juror(request, viewer)
    return _save_from_form(request, viewer)


def _not_a_juror(request, viewer):
    """The secretariat reads the page but has no review to change."""
    messages.error(request, _("Only the jury's members score the candidates."))
    return _render(request, viewer, status=403)


def _save_from_form(request, viewer, then=None):
    """The plain form's save; `then` runs after a successful save (marking it done)."""
    member = viewer.member
    criteria = list(reviews.scored_criteria(viewer.cycle.pk))
    form = ReviewForm(request.POST, criteria=criteria)
    if not form.is_valid():
        if not access.may_score(member):
            return _refused(request, viewer, reviews.ReadOnly(_("The jury phase is over.")))
        return _render(request, viewer, form=form, status=400)
    try:
        review = reviews.save(
            member,
            viewer.candidate,
            form.entries(),
            form.cleaned_data["overall_comment"].strip(),
            form.cleaned_data["version"],
            criteria=criteria,
            tab=_tab(request),
        )
    except reviews.StaleReview as stale:
        messages.error(request, stale.message)
        return _render(
            request,
            viewer,
            form=form.with_version(stale.stored.version),
            stale=_conflict_view(stale.stored, criteria, form),
            status=409,
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _render(request, viewer, form=form, status=400)
    except reviews.ReviewRefused as refusal:
        return _refused(request, viewer, refusal)
    if then is not None:
        return then(review)
    messages.success(request, reviews.saved_message(review))
    return redirect(_page_url(viewer))


def _tab(request) -> str:
    """The id the page's script gives its browser tab (kept across reloads), if any."""
    return request.POST.get("tab", "")[:64]


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _conflict_view(stored, criteria, form):
    """What is stored beside what was typed, after a two-tab conflict."""
    scores = {s.criterion_id: s for s in stored.scores.all()}
    typed = form.entries()
    return {
        "review": stored,
        "typed_overall": form.cleaned_data["overall_comment"],
        "rows": [
            {"criterion": c, "stored": scores.get(c.pk), "typed": typed.get(c.pk)} for c in criteria
        ],
    }


@require_POST
def autosave(request, cycle_id, candidate_id):
    """The page's JavaScript posts the whole form here after each change; answers JSON."""
    if not request.user.is_authenticated:
        if "application/json" not in request.headers.get("Accept", ""):
            return redirect_to_login(request.get_full_path())
        # The script, logged out meanwhile (the session expired): say so in JSON rather than
        # send it the login page. What was typed stays on the page, to save after logging in.
        return JsonResponse(
            {
                "message": _(
                    "Not saved: you have been logged out. Log in again in another tab, then "
                    "save here: what you typed is still on this page."
                )
            },
            status=401,
        )
    viewer = _viewer(request, cycle_id, candidate_id)
    if viewer.member is None:
        return JsonResponse(
            {"message": _("Only the jury's members score the candidates.")}, status=403
        )
    if access.must_declare_conflicts(viewer.member):
        return JsonResponse({"message": _("Declare your conflicts of interest first.")}, status=403)
    criteria = list(reviews.scored_criteria(viewer.cycle.pk))
    form = ReviewForm(request.POST, criteria=criteria)
    if not form.is_valid():
        return JsonResponse(
            {"message": _("Not saved: check the form."), "errors": form.errors.get_json_data()},
            status=400,
        )
    try:
        review = reviews.save(
            viewer.member,
            viewer.candidate,
            form.entries(),
            form.cleaned_data["overall_comment"].strip(),
            form.cleaned_data["version"],
            criteria=criteria,
            tab=_tab(request),
        )
    except reviews.StaleReview as stale:
        return JsonResponse(
            {
                "message": stale.message
                + " "
                + _("Reload the page to see what is stored before you go on."),
                "version": stale.stored.version,
            },
            status=409,
        )
    except ValidationError as error:
        return JsonResponse({"message": " ".join(error.messages)}, status=400)
    except reviews.ReviewRefused as refusal:
        return JsonResponse({"message": refusal.message}, status=refusal.status)
    return JsonResponse(
        {
            "version": review.version,
            "saved_at": review.updated_at.isoformat(),
            "message": reviews.saved_message(review),
        }
    )


@login_required
@require_POST
def mark_done(request, cycle_id, candidate_id):
    """Marks the review done. Posted by the form's second button, it saves what is typed first,
    so nothing is lost when some criterion is still missing."""
    viewer = _viewer(request, cycle_id, candidate_id)
    if response := _declare_first(viewer):
        return response
    if viewer.member is None:
        return _not_a_juror(request, viewer)

    def done(review=None):
        try:
            reviews.mark_done(viewer.member, viewer.candidate)
        except reviews.ReviewRefused as refusal:
            return _refused(request, viewer, refusal)
        messages.success(request, _("Your review is marked done."))
        return redirect(_page_url(viewer))

    if "version" in request.POST:
        return _save_from_form(request, viewer, then=done)
    return done()


@login_required
@require_POST
def reopen(request, cycle_id, candidate_id):
    viewer = _viewer(request, cycle_id, candidate_id)
    if response := _declare_first(viewer):
        return response
    if viewer.member is None:
        return _not_a_juror(request, viewer)
    try:
        reviews.reopen(viewer.member, viewer.candidate)
    except reviews.ReviewRefused as refusal:
        return _refused(request, viewer, refusal)
    messages.success(request, _("Your review is open for changes again."))
    return redirect(_page_url(viewer))


@login_required
@require_POST
def comment(request, cycle_id, candidate_id):
    viewer = _viewer(request, cycle_id, candidate_id)
    if response := _declare_first(viewer):
        return response
    form = CommentForm(request.POST)
    if not form.is_valid():
        if not access.may_discuss(viewer):
            return _refused(request, viewer, reviews.ReadOnly(_("The discussion is closed.")))
        return _render(request, viewer, comment_form=form, status=400)
    try:
        reviews.add_comment(viewer, request.user, form.cleaned_data["text"])
    except reviews.ReviewRefused as refusal:
        return _refused(request, viewer, refusal)
    messages.success(request, _("Your comment is posted."))
    return redirect(_page_url(viewer) + "#discussion")


@login_required
def attachment(request, cycle_id, candidate_id, attachment_id):
    """A file of one of the candidate's submitted nominations, to whoever may read the page."""
    viewer = _viewer(request, cycle_id, candidate_id)
    if response := _declare_first(viewer):
        return response
    item = get_object_or_404(
        Attachment,
        pk=attachment_id,
        nomination__candidate=viewer.candidate,
        nomination__status=NominationStatus.SUBMITTED,
    )
    return serve_attachment(item)
