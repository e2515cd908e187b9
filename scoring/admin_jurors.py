"""Adding a juror by name and e-mail, from the jury's page in the admin.

The secretariat is not given the right to manage user accounts (that would let it make itself
an administrator). This form makes exactly one kind of account: a juror's, without staff rights
and without a password; the invitation e-mail (scoring/invitations.py) lets the juror choose the
password. A person who already has an account with that e-mail address is seated with it."""

from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import invitations
from .models import Jury, JuryMember


class AddJurorForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The invitation goes here, and the juror logs in with it as the username."),
    )
    is_chair = forms.BooleanField(label=_("Chairs the jury"), required=False)

    def __init__(self, jury: Jury, *args, **kwargs):
        self.jury = jury
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"]).lower()
        if JuryMember.objects.filter(jury=self.jury, user__email__iexact=email).exists():
            raise forms.ValidationError(_("Someone with this e-mail address is on the jury."))
        return email

    def clean_is_chair(self):
        is_chair = self.cleaned_data["is_chair"]
        if is_chair and self.jury.members.filter(is_chair=True).exists():
            raise forms.ValidationError(
                _("The jury has a chair. A jury has one chair: change it on the jury's page.")
            )
        return is_chair

    @transaction.atomic
    def save(self, by) -> JuryMember:
        users = get_user_model()
        data = self.cleaned_data
        user = users.objects.filter(email__iexact=data["email"]).order_by("pk").first()
        if user is None:
            user = users.objects.create_user(
                username=data["email"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )  # no password: the invitation sets it
        member = JuryMember.objects.create(jury=self.jury, user=user, is_chair=data["is_chair"])
        LogEntry.objects.log_actions(
            by.pk,
            [member],
            ADDITION,
            change_message=gettext("Added to the jury with an invitation."),
            single_object=True,
        )
        return member


def add_juror(model_admin, request, jury: Jury):
    """The admin page: the form, then the invitation; back to the jury's page."""
    from django.shortcuts import redirect
    from django.template.response import TemplateResponse
    from django.urls import reverse

    form = AddJurorForm(jury, request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = form.save(by=request.user)
        invitations.invite(member, request)
        messages.success(
            request,
            gettext("%(member)s was added to the jury and sent an invitation.")
            % {"member": member},
        )
        return redirect(reverse("admin:scoring_jury_change", args=[jury.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Add a juror to %(jury)s") % {"jury": jury},
        "opts": model_admin.model._meta,
        "jury": jury,
        "form": form,
        "days": invitations.link_days(),
    }
    return TemplateResponse(request, "admin/scoring/jury/add_juror.html", context)
