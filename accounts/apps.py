from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Logging in")

    def ready(self):
        from . import sessions  # noqa: F401  (connects the login signal)
