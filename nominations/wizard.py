"""The nomination form: six steps (django-formtools), with the draft kept in the database.

The wizard's state — what has been typed in each step — lives in ``Nomination.wizard_state``
rather than in the session, so a closed browser loses nothing and the private link continues
the draft on any device. The first step creates the draft; files are stored as attachments as
soon as they are uploaded. Submitting revalidates every step and stores the nomination in one
transaction (services.submit).
"""

import copy
import json
import logging
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError, transaction
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView

from . import changes, draft_links, draft_versions, emails, services
from .forms import NEEDS, STEP_FORMS, STEP_TITLES, file_count_error
from .models import Award, Cycle, Nomination, NominationStatus, NominatorKind

WIZARD_STORAGE = "nominations.wizard.DraftStorage"
logger = logging.getLogger(__name__)
# On a step, the header's language menu posts the step's own form with the language and this
# field (base.html's `language_form`, static/js/site.js), so that what is typed survives.
LANGUAGE_SWITCH = "change_language"
UNSAVED_KEY = "nominations.unsaved_step"
# A draft's stored form, in all: far more than the longest answers the cycle allows.
MAX_DRAFT_SIZE = 200 * 1024


def refused_files(form) -> int:
    """How many files of the post the form refused."""
    return sum(
        len(errors)
        for name, errors in form.errors.items()
        if name == "files" or name.startswith("evidence_file_")
    )


def stored_keys(form):
    """The posted names of the form's own fields that are kept in the draft."""
    return {
        form.add_prefix(name)
        for name, field in form.fields.items()
        if not isinstance(field, forms.FileField)
        and name != "remove"
        and not name.startswith("remove_evidence_")
    }


def draft_size(state) -> int:
    return len(json.dumps(state, ensure_ascii=False).encode())


class StepRefused(Exception):
    """A valid step that cannot be stored after all (the form carries the reason): the step is
    shown again, and nothing of it is stored."""

    def __init__(self, form):
        super().__init__(form)
        self.form = form


class DraftStorage(BaseStorage):
    """formtools storage in the draft's database row (request.nomination); in memory until
    the first step has made the draft. Stored under the draft's version (draft_versions.py)."""

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        nomination = getattr(request, "nomination", None)
        if nomination is not None and nomination.wizard_state:
            self.data = copy.deepcopy(nomination.wizard_state)
        else:
            self.init_data()
        self.stored = None if nomination is None else copy.deepcopy(nomination.wizard_state)

    def reset(self):
        # Submitting keeps the state: the nominator may come back and edit until the deadline.
        pass

    def reload(self):
        """What is stored now (another tab saved meanwhile)."""
        nomination = self.request.nomination
        nomination.refresh_from_db(
            fields=["wizard_state", "draft_version", "draft_saved_by_tab", "updated_at"]
        )
        self.stored = copy.deepcopy(nomination.wizard_state)
        self.data = copy.deepcopy(nomination.wizard_state) or {}
        if not self.data:
            self.init_data()

    def save_draft(self) -> bool:
        """Store what this request changed; False when another tab changed the same step
        meanwhile, and nothing was stored."""
        nomination = getattr(self.request, "nomination", None)
        if nomination is None or draft_size(self.data) > MAX_DRAFT_SIZE:
            # The steps refuse to grow past it (check_draft_size); nothing else may either.
            return True
        before = self.stored if self.stored is not None else nomination.wizard_state or {}
        tab = draft_versions.posted_tab(self.request) if self.request.method == "POST" else ""
        if not draft_versions.store(nomination, before, self.data, tab):
            return False
        self.stored = copy.deepcopy(self.data)
        return True

    def update_response(self, response):
        super().update_response(response)
        self.save_draft()


class NominationWizard(NamedUrlWizardView):
    form_list = list(STEP_FORMS.items())
    files_kept = False
    storage_name = WIZARD_STORAGE
    # formtools insists on one for forms with files; ours are stored as attachments instead
    # (process_step_files), so nothing is ever written here.
    file_storage = FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "wizard-unused")
    template_name = "nominations/wizard.html"

    @classmethod
    def as_wizard_view(cls):
        return cls.as_view(url_name="nominations:wizard", done_step_name="ferdig")

    # --- who and when -------------------------------------------------------------------

    def dispatch(self, request, *args, token=None, award=None, **kwargs):
        if token is None:
            request.nomination = None
            self.cycle = Cycle.objects.current(get_object_or_404(Award, slug=award))
            if self.cycle is None:
                return redirect("nominations:award_start", award=award)
        else:
            request.nomination = get_object_or_404(
                Nomination.objects.select_related("cycle__award", "municipality"), token=token
            )
            self.cycle = request.nomination.cycle
        self.nomination = request.nomination
        if self.nomination is None and kwargs.get("step") != self.first_step():
            return redirect("nominations:award_start", award=award)
        if self.nomination is not None and self.nomination.status == NominationStatus.WITHDRAWN:
            return redirect(self.nomination.get_private_url())
        if not self.cycle.is_open:
            return self.refuse_closed(request, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def refuse_closed(self, request, **kwargs):
        """Before opening or after the deadline: say so, keep the draft exactly as it was."""
        context = {"cycle": self.cycle, "nomination": self.nomination}
        status = 403 if request.method == "POST" else 200
        if request.method == "POST":
            # What was just typed is not stored, but shown again so it can be copied.
            context["unsaved"] = {
                key: value
                for key, value in request.POST.items()
                if not key.endswith("csrfmiddlewaretoken")
                and "current_step" not in key
                and value.strip()
            }
        return render(request, "nominations/closed.html", context, status=status)

    def first_step(self):
        return next(iter(STEP_FORMS))

    def get_step_url(self, step):
        if self.nomination is None:
            return reverse("nominations:award_wizard_new", kwargs={"award": self.cycle.award.slug})
        return reverse(self.url_name, kwargs={"token": self.nomination.token, "step": step})

    # --- forms ----------------------------------------------------------------------------

    def criteria(self):
        if not hasattr(self, "_criteria"):
            self._criteria = list(self.cycle.criteria.with_clauses())
        return self._criteria

    def get_form_kwargs(self, step=None):
        form_class = self.get_form_list()[step or self.steps.current]
        available = {
            "cycle": self.cycle,
            "nomination": self.nomination,
            "criteria": self.criteria(),
        }
        return {name: available[name] for name in NEEDS[form_class]}

    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if step == self.done_step_name:
            # Only the last step's POST submits; a link to the end leads to the review.
            return redirect(self.get_step_url("oppsummering"))
        if step in STEP_FORMS:
            blocked = self.first_incomplete_step(before=step)
            if blocked:
                return redirect(self.get_step_url(blocked))
            self.unsaved = self.unsaved_typing() or self.incomplete_draft(step)
        return super().get(request, *args, **kwargs)

    def incomplete_draft(self, step):
        """A step stored as typed (by «Previous step» or as the nominator typed) but not yet
        complete: shown as it was typed, without error messages, until it is saved."""
        stored = self.storage.get_step_data(step)
        if stored is None or self.get_form(step=step, data=stored).is_valid():
            return None
        return stored

    def post(self, *args, **kwargs):
        step = kwargs.get("step")
        if step in STEP_FORMS and step != self.steps.current:
            # The URL names the step: that is the one being posted, whatever was stored.
            self.storage.current_step = step
        blocked = self.first_incomplete_step(before=self.steps.current)
        if blocked:
            messages.error(self.request, _("Fill in this step first."))
            return redirect(self.get_step_url(blocked))
        if self.post_is_stale():
            return self.render_stale()
        # What was kept unsaved at a change of language is now posted again, or left behind.
        self.request.session.pop(UNSAVED_KEY, None)
        try:
            if LANGUAGE_SWITCH in self.request.POST:
                response = self.switch_language()
            else:
                response = super().post(*args, **kwargs)
        except StepRefused as refused:
            return self.render(refused.form)
        if step != self.steps.last and not self.storage.save_draft():
            # Another tab saved the same step while this post was at work (its files are
            # stored: they are attachments from the moment they arrive).
            self.storage.reload()
            return self.render_stale(step, files_stored=True)
        return response

    def typed_here(self):
        """What the post carries of the step's own fields, as the draft keeps it."""
        own = stored_keys(self.get_form())
        typed = QueryDict(mutable=True)
        for key, values in self.request.POST.lists():
            if key in own:
                typed.setlist(key, values)
        return typed

    def post_is_stale(self):
        """Whether the page was read before another tab or window saved the draft, and this post
        would write over it. A step posted as it is stored already (a second click of its
        button) overwrites nothing; the last step is what is sent, so it is sent only as read."""
        if self.nomination is None or not draft_versions.is_stale(
            self.nomination,
            self.request.POST.get("draft_version"),
            draft_versions.posted_tab(self.request),
        ):
            return False
        step = self.steps.current
        if step == self.steps.last:
            return True
        stored = (self.storage.data.get(self.storage.step_data_key) or {}).get(step)
        return dict(self.typed_here().lists()) != (stored or {})

    def render_stale(self, step=None, files_stored=False):
        """The step again, as it was typed here, when the draft was changed in another tab or
        window since the page was read: nothing of it is stored, and the page says so. It
        carries the newer version, so the button saves what is typed here in its place."""
        if step is not None:
            self.storage.current_step = step
        self.unsaved = self.typed_here()
        self.stale = {"files": not files_stored and any(self.request.FILES.values())}
        response = self.render(self.get_form())
        response.status_code = 409
        return response

    # --- «Previous step» ----------------------------------------------------------------------

    def render_goto_step(self, goto_step, **kwargs):
        """«Previous step» (a button of the step's form, as formtools names it) keeps what was
        typed on this step: saved as «Save and continue» saves it when it is complete, otherwise
        stored as typed, without checking it, and the step is shown again later as it was."""
        step = self.steps.current
        if step != self.steps.last:
            form = self.get_form(data=self.request.POST, files=self.request.FILES)
            if form.is_valid():
                self.storage.set_step_data(step, self.process_step(form))
            else:
                self.store_accepted_files(form)
                data = self.get_form_step_data(form)
                self.check_draft_size(form, data)
                self.storage.set_step_data(step, data)
                if refused_files(form) or form.non_field_errors():
                    # A refused file is said, not dropped in silence: the step again.
                    raise StepRefused(form)
        return super().render_goto_step(goto_step, **kwargs)

    # --- the language menu on a step ------------------------------------------------------

    def switch_language(self):
        """Change the language and come back to this step with nothing typed lost.

        A step that is complete is stored as "Save and continue" stores it (files too), and
        the nominator stays on it; an incomplete one, or the last (which would send), is kept
        unsaved in the session and filled in again, without error messages, until the step is
        posted.
        """
        language = self.request.POST.get("language")
        if language not in dict(settings.LANGUAGES):
            language = None
        else:
            # A message or an e-mail this step gives (the draft's link) is in the new language.
            translation.activate(language)
        step = self.steps.current
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        if step != self.steps.last and form.is_valid():
            self.storage.current_step = step
            self.storage.set_step_data(step, self.process_step(form))
            self.storage.set_step_files(step, self.process_step_files(form))
        else:
            own = stored_keys(form)
            typed = {key: values for key, values in self.request.POST.lists() if key in own}
            if draft_size(typed) <= MAX_DRAFT_SIZE:
                self.request.session[UNSAVED_KEY] = {"path": self.get_step_url(step), "data": typed}
        response = redirect(self.get_step_url(step))
        if language:
            # As django.views.i18n.set_language remembers the choice.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    def unsaved_typing(self):
        """What was typed on this step before the language changed, or None."""
        unsaved = self.request.session.get(UNSAVED_KEY)
        if not unsaved or unsaved["path"] != self.request.path:
            return None
        data = QueryDict(mutable=True)
        for key, values in unsaved["data"].items():
            data.setlist(key, values)
        return data

    def get_form(self, step=None, data=None, files=None):
        unsaved = getattr(self, "unsaved", None)
        if unsaved is None or (step is not None and step != self.steps.current):
            return super().get_form(step, data, files)
        # Shown as typed, not checked: the nominator had not asked to save it. A file input
        # cannot be filled in again.
        form = super().get_form(step)
        for name, field in form.fields.items():
            if isinstance(field, forms.FileField):
                continue
            form.initial[name] = field.widget.value_from_datadict(
                unsaved, {}, form.add_prefix(name)
            )
        return form

    def first_incomplete_step(self, before):
        """The first step before ``before`` without valid stored data: no skipping ahead."""
        for step in self.get_form_list():
            if step == before:
                return None
            data = self.storage.get_step_data(step)
            if data is None or not self.get_form(step=step, data=data).is_valid():
                return step
        return None

    def process_step(self, form):
        step = self.steps.current
        data = self.get_form_step_data(form)
        self.check_draft_size(form, data)
        if step == "kandidat":
            self.store_candidate(form.cleaned_data["municipality"])
        elif step == "innsender":
            self.store_nominator(form.cleaned_data)
        elif step == "kriterier":
            self.store_evidence(form)
        elif step == "vedlegg":
            self.store_attachments(form)
        return data

    def process_step_files(self, form):
        # Files are attachments from the moment they arrive; the wizard keeps none itself.
        return {}

    def store_candidate(self, municipality):
        if self.nomination is None:
            self.nomination = services.start_draft(self.cycle, municipality)
            self.request.nomination = self.nomination
        elif self.nomination.municipality_id != municipality.pk:
            self.nomination.municipality = municipality
            self.nomination.save(update_fields=["municipality", "updated_at"])

    def store_nominator(self, data):
        nomination = self.nomination
        email = data["nominator_email"]
        nomination.nominator_name = data["nominator_name"]
        nomination.nominator_email = email
        fields = ["nominator_name", "nominator_email", "updated_at"]
        send_link = nomination.is_draft and nomination.draft_link_sent_to != email
        if send_link:
            # The draft is saved all the same; the link goes when the limit allows again.
            refused = draft_links.may_send(nomination, email)
            if refused:
                send_link = False
                messages.warning(self.request, self.link_refused_message(refused, email))
        if send_link:
            nomination.draft_link_sent_to = email
            fields.append("draft_link_sent_to")
        with transaction.atomic():  # the link is queued with the address it goes to
            nomination.save(update_fields=fields)
            if send_link:
                emails.send_draft_link(nomination)
        if send_link:
            messages.info(
                self.request,
                _(
                    "Your draft is saved. We have sent a link to %(email)s so you can continue "
                    "later, on any device."
                )
                % {"email": data["nominator_email"]},
            )

    def link_refused_message(self, refused, email):
        if refused == draft_links.DRAFT:
            return _(
                "Your draft is saved. The link has already been sent %(count)d times in the "
                "last hour, so we did not send it to %(email)s now. Wait an hour and save this "
                "step again, or bookmark this page to continue later."
            ) % {"count": draft_links.LINKS_PER_DRAFT, "email": email}
        return _(
            "Your draft is saved. A link has already been sent to %(email)s %(count)d times "
            "today, so we did not send another. Wait until tomorrow and save this step again, "
            "or bookmark this page to continue later."
        ) % {"count": draft_links.LINKS_PER_ADDRESS, "email": email}

    def store_evidence(self, form):
        add, remove = [], []
        for criterion in form.criteria:
            key = criterion.pk
            existing = form.existing_evidence.get(key)
            upload = form.cleaned_data.get(f"evidence_file_{key}")
            if existing and (upload or form.cleaned_data.get(f"remove_evidence_{key}")):
                remove.append(existing)
            if upload:
                add.append((upload, form.cleaned_data[f"evidence_type_{key}"], criterion))
        self.change_attachments(form, add, remove, field=None)

    def store_attachments(self, form):
        add = [(upload, kind, None) for upload, kind in form.cleaned_data.get("files") or []]
        self.change_attachments(form, add, form.cleaned_data.get("remove") or [], field="files")

    def change_attachments(self, form, add, remove, field):
        try:
            services.change_attachments(self.nomination, add, remove)
        except services.TooManyFiles as refused:
            # Files that came in at the same moment as these took the last places.
            self.files_kept = True
            form.add_error(field, file_count_error(refused.present, refused.adding))
            raise StepRefused(form) from None

    def store_accepted_files(self, form):
        """A step refused for other reasons still stores every file of the post that passed
        its checks, and says which were stored; the refused ones are named beside their field."""
        if self.files_kept or self.nomination is None:
            return
        self.files_kept = True
        step = self.steps.current
        add, remove = [], []
        if step == "kriterier":
            accepted = getattr(form, "accepted_evidence", {})
            for criterion in form.criteria:
                if criterion.pk in accepted:
                    upload, kind = accepted[criterion.pk]
                    existing = form.existing_evidence.get(criterion.pk)
                    if existing:
                        remove.append(existing)
                    add.append((upload, kind, criterion))
        elif step == "vedlegg":
            add = [(upload, kind, None) for upload, kind in getattr(form, "accepted_files", [])]
        if not add:
            return
        try:
            stored = services.change_attachments(self.nomination, add, remove)
        except services.TooManyFiles as refused:
            form.add_error(None, file_count_error(refused.present, refused.adding))
            return
        for attachment in stored:
            if attachment.criterion is not None:
                form.evidence_stored(attachment.criterion, attachment)
        names = ", ".join(f"«{attachment.original_name}»" for attachment in stored)
        refused = refused_files(form)
        if refused:
            message = ngettext(
                "Stored: %(names)s. The file named beside its field below was not stored.",
                "Stored: %(names)s. The files named beside their fields below were not stored.",
                refused,
            )
        else:
            message = _("Stored: %(names)s.")
        messages.success(self.request, message % {"names": names})

    def render(self, form=None, **kwargs):
        if self.request.method == "POST" and form is not None and form.is_bound and form.errors:
            self.store_accepted_files(form)
        # Stored before the page is made, so that the page carries the draft's version after it.
        if not self.storage.save_draft():
            self.storage.reload()
            return self.render_stale(self.steps.current, files_stored=True)
        return super().render(form, **kwargs)

    def get_form_step_data(self, form):
        """What is kept of a step: the values of the form's own fields, under the names the
        form posts them with, and nothing else that came with the post. Files are stored as
        attachments, and the removal choices are done and must not be replayed."""
        data = QueryDict(mutable=True)
        for key in stored_keys(form):
            if key in form.data:
                data.setlist(key, form.data.getlist(key))
        return data

    def check_draft_size(self, form, data):
        """Refuse the step if it would make the draft larger than MAX_DRAFT_SIZE."""
        state = copy.deepcopy(self.storage.data)
        state[self.storage.step_data_key][self.steps.current] = dict(data.lists())
        if draft_size(state) > MAX_DRAFT_SIZE:
            form.add_error(
                None,
                _(
                    "The nomination is too long to be saved: at most %(max)s of text in all. "
                    "Shorten the longest answers."
                )
                % {"max": filesizeformat(MAX_DRAFT_SIZE)},
            )
            raise StepRefused(form)

    # --- pages ----------------------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        current = self.steps.current
        steps = []
        for index, step in enumerate(self.get_form_list()):
            done = self.nomination is not None and self.storage.get_step_data(step) is not None
            steps.append(
                {
                    "name": step,
                    "title": STEP_TITLES[step],
                    "number": index + 1,
                    "current": step == current,
                    "done": done,
                    "url": self.get_step_url(step) if done or step == current else None,
                }
            )
        context.update(
            cycle=self.cycle,
            nomination=self.nomination,
            step_list=steps,
            step_title=STEP_TITLES[current],
            criteria=self.criteria(),
            language_form="wizard-form",
        )
        context["stale"] = getattr(self, "stale", None)
        if self.nomination is not None and self.nomination.is_submitted:
            context["unsent"] = changes.unsent(self.nomination, self.storage.data)
        if self.nomination is not None:
            context["autosave_url"] = reverse(
                "nominations:wizard_autosave",
                kwargs={"token": self.nomination.token, "step": current},
            )
        if current == "kandidat":
            context.update(self.municipality_choices(form))
        if current == "oppsummering":
            context["summary"] = self.summary()
        return context

    def municipality_choices(self, form):
        """The list to choose from, narrowed by a search when the page is used without
        JavaScript (with it, the search box filters the list as you type)."""
        search = self.request.GET.get("q", "").strip()
        municipalities = form.fields["municipality"].queryset
        if search:
            municipalities = municipalities.search(search)
        # Plain rows: the options show no more, and 372 model instances cost more than the rest.
        groups = form.grouped_choices(
            municipalities.values_list("pk", "name", "number", "kind", named=True)
        )
        return {
            "search": search,
            "municipality_groups": groups,
            "match_count": sum(len(items) for _label, items in groups),
        }

    def summary(self):
        """What has been entered, for the review step."""
        data = {}
        for step in list(STEP_FORMS)[:-1]:
            form = self.get_form(step=step, data=self.storage.get_step_data(step))
            data[step] = form.cleaned_data if form.is_valid() else {}
        answers = [
            {
                "criterion": criterion,
                "text": data["kriterier"].get(f"answer_{criterion.pk}", ""),
                "url": data["kriterier"].get(f"evidence_url_{criterion.pk}", ""),
                "file": next(
                    (
                        a
                        for a in self.nomination.attachments.all()
                        if a.criterion_id == criterion.pk
                    ),
                    None,
                ),
            }
            for criterion in self.criteria()
        ]
        return {
            "municipality": data["kandidat"].get("municipality"),
            "nominator": data["innsender"],
            "nominator_kind": dict(NominatorKind.choices).get(
                data["innsender"].get("nominator_kind")
            ),
            "reason": data["begrunnelse"].get("reason", ""),
            "answers": answers,
            "unanswered": [a["criterion"] for a in answers if not a["text"].strip()],
            "attachments": [a for a in self.nomination.attachments.all() if not a.criterion_id],
        }

    def render_done(self, form, **kwargs):
        """Submit straight from the last step's POST, after revalidating every step."""
        final_forms = {}
        for step in self.get_form_list():
            step_form = self.get_form(step=step, data=self.storage.get_step_data(step))
            if step == self.steps.current:
                step_form = form
            if not step_form.is_valid():
                return self.render_revalidation_failure(step, step_form, **kwargs)
            final_forms[step] = step_form
        return self.done(list(final_forms.values()), form_dict=final_forms, **kwargs)

    def done(self, form_list, form_dict=None, **kwargs):
        data = {}
        for form in form_list:
            data.update(form.cleaned_data)
        update = self.nomination.is_submitted
        try:
            nomination = services.submit(self.nomination, data, self.criteria())
        except services.NominationClosed:
            return self.refuse_closed(self.request)
        except DatabaseError:
            # The submit is one transaction: nothing of it was stored, the draft is as it was.
            logger.exception("Submitting nomination %s failed", self.nomination.pk)
            return self.submit_failed(form_dict[self.steps.current])
        # What the form holds is now what was sent: no step has changes waiting.
        changes.remember_sent(self.storage.data)
        if update:
            if nomination.changed:
                messages.success(self.request, _("The changes are saved. The jury sees them now."))
            else:
                messages.success(
                    self.request, _("Nothing was changed: the nomination is as you sent it.")
                )
            return redirect(nomination.get_private_url())
        return redirect(reverse("nominations:receipt", kwargs={"token": nomination.token}))

    def submit_failed(self, form):
        """The review step again, as it was posted, with what happened and what to do."""
        context = self.get_context_data(form=form)
        context["submit_failed"] = True
        return self.render_to_response(context, status=503)


def resume(request, token):
    """The e-mailed link: back to the step where the nominator left off."""
    nomination = get_object_or_404(Nomination, token=token)
    if nomination.status == NominationStatus.WITHDRAWN:
        return redirect(nomination.get_private_url())
    if nomination.is_submitted:
        # Changing a sent nomination starts from the review, which links to every step.
        step = "oppsummering"
    else:
        step = (nomination.wizard_state or {}).get("step")
        step = step if step in STEP_FORMS else "kandidat"
    return redirect("nominations:wizard", token=token, step=step)


@require_POST
def autosave(request, token, step):
    """The step's script posts what is typed here as the nominator types (CSRF-protected as
    every post): stored in the draft as typed, without checking it, as «Previous step» stores
    it. Only the step's own fields are kept, and the draft stays within MAX_DRAFT_SIZE."""
    nomination = get_object_or_404(Nomination.objects.select_related("cycle"), token=token)
    if step not in STEP_FORMS or step == list(STEP_FORMS)[-1]:
        return JsonResponse({"message": _("This step is not saved as you type.")}, status=404)
    if nomination.status == NominationStatus.WITHDRAWN or not nomination.cycle.is_open:
        return JsonResponse(
            {"message": _("Not saved: the nomination can no longer be changed.")}, status=403
        )
    form_class = STEP_FORMS[step]
    available = {"cycle": nomination.cycle, "nomination": None, "criteria": _criteria(nomination)}
    form = form_class(prefix=step, **{name: available[name] for name in NEEDS[form_class]})
    own = stored_keys(form)
    typed = {key: request.POST.getlist(key) for key in sorted(own) if key in request.POST}
    with transaction.atomic():
        locked = Nomination.objects.select_for_update(no_key=True).get(pk=nomination.pk)
        state = copy.deepcopy(locked.wizard_state) or {}
        for key in ("step_data", "step_files", "extra_data"):
            state.setdefault(key, {})
        state.setdefault("step", step)
        state["step_data"][step] = typed
        tab = draft_versions.posted_tab(request)
        if state != locked.wizard_state and draft_versions.is_stale(
            locked, request.POST.get("draft_version"), tab
        ):
            # What this tab shows is older than what is stored: it is not written over.
            return JsonResponse(
                {
                    "message": _(
                        "Not saved: the draft has been changed in another tab or window since "
                        "you opened this page. What you typed is still here."
                    ),
                    "version": locked.draft_version,
                },
                status=409,
            )
        if draft_size(state) > MAX_DRAFT_SIZE:
            return JsonResponse(
                {
                    "message": _(
                        "Not saved: the nomination is too long to be saved, at most %(max)s of "
                        "text in all. Shorten the longest answers."
                    )
                    % {"max": filesizeformat(MAX_DRAFT_SIZE)}
                },
                status=413,
            )
        if state != locked.wizard_state:
            locked.wizard_state = state
            locked.draft_version += 1
            locked.draft_saved_by_tab = tab
            locked.save(
                update_fields=["wizard_state", "draft_version", "draft_saved_by_tab", "updated_at"]
            )
    time = date_format(timezone.localtime(), "TIME_FORMAT")
    if locked.is_submitted:
        message = _(
            "Saved here at %(time)s, but not sent in: send the changes from the last step."
        ) % {"time": time}
    else:
        message = _("Draft saved at %(time)s.") % {"time": time}
    # The version the tab's next save names: its own saves are never taken for another tab's.
    return JsonResponse({"message": message, "version": locked.draft_version})


def _criteria(nomination):
    return list(nomination.cycle.criteria.all())
