"""The secretariat's part of logging in: lifting a lockout, and resetting someone's second
factor when they lose their phone (jurors: scoring's jury member list does it with a new
invitation; other accounts: the user list)."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import twofactor

admin.site.unregister(AccessAttempt)

# Axes has no Norwegian: the secretariat's admin names its lists in our catalogue instead.
apps.get_app_config("axes").verbose_name = _("Failed logins")
AccessAttempt._meta.verbose_name = _("failed login")
AccessAttempt._meta.verbose_name_plural = _("failed logins and lockouts")
AccessLog._meta.verbose_name = _("login")
AccessLog._meta.verbose_name_plural = _("logins")
AccessFailureLog._meta.verbose_name = _("failed login (each one)")
AccessFailureLog._meta.verbose_name_plural = _("failed logins (each one)")


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Axes' list of failed logins, with a way to let a person in again before the cool-off."""

    actions = ["unlock", *AccessAttemptAdmin.actions]

    @admin.action(
        description=_("Lift the lockout: they can log in again at once"),
        permissions=["delete"],
    )
    def unlock(self, request, queryset):
        count = 0
        for attempt in queryset:
            # Deleting the attempts is axes' way to lift a lockout.
            attempt.delete()
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d lockout was lifted.", "%(count)d lockouts were lifted.", count)
            % {"count": count},
            messages.SUCCESS,
        )


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class TwoFactorUserAdmin(UserAdmin):
    actions = ["reset_login"]

    @admin.action(
        description=_("Reset the login (lost phone): new password and app needed"),
        permissions=["change"],
    )
    def reset_login(self, request, queryset):
        for user in queryset:
            twofactor.reset_login(user)
        self.message_user(
            request,
            gettext(
                "The login is reset for %(names)s: they choose a new password (send an "
                "invitation, or set one here) and set up the app again."
            )
            % {"names": ", ".join(u.get_username() for u in queryset)},
            messages.SUCCESS,
        )
