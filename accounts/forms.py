"""The forms of the two login steps and of setting up an authenticator."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from . import twofactor


class PasswordStepForm(AuthenticationForm):
    """Django's login form; the lockout is checked by the authentication backend (axes)."""


class CodeForm(forms.Form):
    """One code: from the authenticator app (six digits) or a recovery code."""

    code = forms.CharField(
        label=_("Code from the authenticator app"),
        help_text=_("Six digits. The app shows a new code every 30 seconds."),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": 8,
            }
        ),
        error_messages={"required": _("Type the code from the app.")},
    )
    refused_message = _("The code is wrong or too old. Type the code the app shows now.")

    def __init__(self, *args, check, **kwargs):
        """`check(code)` returns the device that accepts the code, or raises Refused."""
        super().__init__(*args, **kwargs)
        self.check = check
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"]
        try:
            self.device = self.check(code)
        except twofactor.Refused as refusal:
            if refusal.throttled_until:
                raise forms.ValidationError(
                    _("Too many wrong codes. Wait until %(time)s and try again.")
                    % {
                        "time": formats.time_format(
                            timezone.localtime(refusal.throttled_until), "H:i:s"
                        )
                    },
                    code="throttled",
                ) from refusal
            raise forms.ValidationError(self.refused_message, code="refused") from refusal
        return code


class RecoveryCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("Eight letters and digits, such as abcd-2345. Each code works once."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": 12,
            }
        ),
        error_messages={"required": _("Type one of your recovery codes.")},
    )
    refused_message = _("That is not one of your recovery codes, or it has been used.")


class SetupForm(CodeForm):
    refused_message = _(
        "The code does not match. Check that the app was set up with this QR code or key, and "
        "type the code it shows now."
    )


class CurrentPasswordMixin(forms.Form):
    """For changes to the login itself: a borrowed session alone must not make them."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your password, to confirm that it is you.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong."), code="wrong_password")
        return password


class ReplaceForm(CurrentPasswordMixin, SetupForm):
    """Moving the app to a new phone: the password, and the first code from the new app."""

    field_order = ["password", "code"]

    def clean_code(self):
        # The new app's code is tried only with the right password: no free tries at it.
        if self.has_error("password") or "password" not in self.cleaned_data:
            return self.cleaned_data.get("code")
        return super().clean_code()


class NewRecoveryCodesForm(CurrentPasswordMixin):
    pass
