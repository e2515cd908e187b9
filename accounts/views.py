"""Logging in with two factors, the account's security page, and choosing a password from an
invitation (Django's views where they fit, our pages). The rules are in twofactor.py, the
lockout in lockout.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device

from . import lockout, twofactor
from .forms import (
    CodeForm,
    NewRecoveryCodesForm,
    PasswordStepForm,
    RecoveryCodeForm,
    ReplaceForm,
    SetupForm,
)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _after_login(login: twofactor.PendingLogin) -> str:
    return login.next_url or resolve_url(settings.LOGIN_REDIRECT_URL)


def _second_step(user) -> str:
    """Where the password step leads: the code, or setting up an authenticator first."""
    if not user_has_device(user):
        return reverse("login_setup")
    if twofactor.has_authenticator(user):
        return reverse("login_code")
    return reverse("login_recovery")


def without_autofocus(form):
    """Django's account forms put the cursor in their first field. We leave focus where the
    page starts, so that the skip link comes first and a screen reader reads the page's
    explanation (nominators need no account) before the form."""
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)
    return form


# --- Step 1: the password -------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = PasswordStepForm
    redirect_authenticated_user = True

    def get_form(self, form_class=None):
        return without_autofocus(super().get_form(form_class))

    def form_valid(self, form):
        user = form.get_user()
        twofactor.begin(self.request, user, user.backend, self.get_redirect_url())
        return redirect(_second_step(user))


class LogoutView(auth_views.LogoutView):
    template_name = "registration/logged_out.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation's link: choose a password, then set up (or use) the second factor."""

    template_name = "registration/password_set.html"
    post_reset_login = False
    success_url = reverse_lazy("login")  # not used: form_valid sends on to the second step

    def get_form(self, form_class=None):
        return without_autofocus(super().get_form(form_class))

    def form_valid(self, form):
        super().form_valid(form)
        user = form.user
        twofactor.begin(self.request, user, MODEL_BACKEND, reverse("scoring:index"))
        if user_has_device(user):
            messages.success(self.request, _("Your password is saved. Now type your code."))
        else:
            messages.success(
                self.request,
                _("Your password is saved. Now set up the second step of the login."),
            )
        return redirect(_second_step(user))


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("account_security")

    def get_form(self, form_class=None):
        return without_autofocus(super().get_form(form_class))

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your new password is saved."))
        return response


# --- Step 2: the code -----------------------------------------------------------------------------


def _pending_or_restart(request):
    login = twofactor.pending(request)
    if login is None:
        messages.info(
            request, _("Log in with your username and password first (or again: it took too long).")
        )
    return login


def _code_step(request, form_class, check, template, on_success):
    """The second step with `check(user, code)`, once the password step is done."""
    login = _pending_or_restart(request)
    if login is None:
        return redirect("login")
    username = login.user.get_username()
    if lockout.is_locked_out(request, username):
        return lockout.locked_out(request)
    form = form_class(request.POST or None, check=lambda code: check(login.user, code))
    if request.method == "POST":
        if form.is_valid():
            twofactor.finish(request, login, form.device)
            return on_success(login)
        if form.has_error("code", "refused"):
            # Counts with the wrong passwords: the lockout (axes' middleware) may answer now.
            lockout.record_failure(request, username)
    return render(
        request,
        template,
        {"form": form, "username": username},
        status=400 if form.errors else 200,
    )


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_code(request):
    login = twofactor.pending(request)
    if login is not None and not twofactor.has_authenticator(login.user):
        return redirect(_second_step(login.user))
    return _code_step(
        request,
        CodeForm,
        twofactor.check_app_code,
        "registration/login_code.html",
        lambda login: redirect(_after_login(login)),
    )


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_recovery(request):
    def done(login):
        left = twofactor.recovery_codes_left(login.user)
        messages.warning(
            request,
            ngettext(
                "You logged in with a recovery code; %(count)d is left. If you have lost your "
                "phone, set up the authenticator app again on a new one below.",
                "You logged in with a recovery code; %(count)d are left. If you have lost your "
                "phone, set up the authenticator app again on a new one below.",
                left,
            )
            % {"count": left},
        )
        return redirect("account_security")

    return _code_step(
        request,
        RecoveryCodeForm,
        twofactor.check_recovery_code,
        "registration/login_recovery.html",
        done,
    )


# --- Setting up the authenticator -----------------------------------------------------------------


def _setup_page(request, device, form, *, first_time, status=200):
    return render(
        request,
        "registration/setup.html",
        {
            "form": form,
            "qr_code": twofactor.qr_code(device),
            "secret": twofactor.secret_text(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "username": device.user.get_username(),
            "first_time": first_time,
        },
        status=status,
    )


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_setup(request):
    """The second step for an account with no second factor yet."""
    login = _pending_or_restart(request)
    if login is None:
        return redirect("login")
    if user_has_device(login.user):
        # Never a way around a factor the account has: use it.
        return redirect(_second_step(login.user))
    username = login.user.get_username()
    if lockout.is_locked_out(request, username):
        return lockout.locked_out(request)
    device = twofactor.new_authenticator(login.user)
    form = SetupForm(
        request.POST or None, check=lambda code: twofactor.confirm_authenticator(device, code)
    )
    if request.method == "POST":
        if form.is_valid():
            device.refresh_from_db()
            twofactor.finish(request, login, device)
            twofactor.keep_fresh_codes(request, twofactor.new_recovery_codes(login.user))
            messages.success(request, _("The authenticator app is set up."))
            return redirect(_codes_url(_after_login(login)))
        if form.has_error("code", "refused"):
            lockout.record_failure(request, username)
    return _setup_page(request, device, form, first_time=True, status=400 if form.errors else 200)


@never_cache
@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def replace_authenticator(request):
    """A logged-in person moves the app to a new phone: the old one works until this is done."""
    device = twofactor.new_authenticator(request.user)
    form = ReplaceForm(
        request.POST or None,
        user=request.user,
        check=lambda code: twofactor.confirm_authenticator(device, code),
    )
    if request.method == "POST" and form.is_valid():
        device.refresh_from_db()
        # The session was verified by the device just replaced: it is verified by this one now.
        otp_login(request, device)
        messages.success(
            request, _("The authenticator app is set up. The one you had before no longer works.")
        )
        return redirect("account_security")
    return _setup_page(request, device, form, first_time=False, status=400 if form.errors else 200)


# --- Recovery codes and the security page ---------------------------------------------------------


def _codes_url(next_url: str = "") -> str:
    url = reverse("recovery_codes")
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Fresh codes are shown here once (to download or print); otherwise how many are left and
    a way to make new ones."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    form = NewRecoveryCodesForm(user=request.user)
    if request.method == "POST":
        if request.POST.get("action") == "new":
            form = NewRecoveryCodesForm(request.POST, user=request.user)
            if form.is_valid():
                twofactor.keep_fresh_codes(request, twofactor.new_recovery_codes(request.user))
                messages.success(
                    request, _("You have new recovery codes. The old ones no longer work.")
                )
                return redirect(_codes_url(next_url))
        else:
            twofactor.drop_fresh_codes(request)
            return redirect(next_url or "account_security")
    codes = twofactor.fresh_codes(request)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": [twofactor.readable(c) for c in codes] if codes else None,
            "left": twofactor.recovery_codes_left(request.user),
            "next": next_url,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def recovery_codes_download(request):
    codes = twofactor.fresh_codes(request)
    if not codes:
        raise Http404
    lines = [
        _("Recovery codes for %(username)s, %(site)s")
        % {"username": request.user.get_username(), "site": settings.OTP_TOTP_ISSUER},
        _("Each code works once, in place of the code from the app."),
        "",
        *(twofactor.readable(c) for c in codes),
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gjenopprettingskoder.txt"'
    return response


@never_cache
@login_required
def security(request):
    return render(
        request,
        "accounts/security.html",
        {
            "authenticator": twofactor.authenticators(request.user).first(),
            "recovery_left": twofactor.recovery_codes_left(request.user),
        },
    )


# --- The admin's login ----------------------------------------------------------------------------

ADMIN_NO_ACCESS = gettext_lazy("No access to the administration")


@never_cache
def admin_login(request):
    """The admin logs in through the same two steps as everyone (this address is ahead of the
    admin's own login in config/urls.py). Someone logged in without the admin's rights is told
    so rather than sent round in circles."""
    next_url = _safe_next(request, request.GET.get(REDIRECT_FIELD_NAME, "")) or reverse(
        "admin:index"
    )
    user = request.user
    if not user.is_authenticated:
        return redirect(f"{reverse('login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
    if user.is_active and user.is_staff:
        return redirect(next_url)
    return render(request, "registration/admin_no_access.html", status=403)
