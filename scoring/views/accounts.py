"""Logging in and out, and choosing a password from an invitation (Django's views, our pages)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


def without_autofocus(form):
    """Django's account forms put the cursor in their first field. We leave focus where the
    page starts, so that the skip link comes first and a screen reader reads the page's
    explanation (nominators need no account) before the form."""
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)
    return form


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_form(self, form_class=None):
        return without_autofocus(super().get_form(form_class))


class LogoutView(auth_views.LogoutView):
    template_name = "registration/logged_out.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation's link: choose a password, and be logged in straight away."""

    template_name = "registration/password_set.html"
    post_reset_login = True
    success_url = reverse_lazy("scoring:index")

    def get_form(self, form_class=None):
        return without_autofocus(super().get_form(form_class))

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is saved, and you are logged in."))
        return response
