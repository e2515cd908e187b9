from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.views import admin_login
from core.health import health
from core.views import favicon
from scoring.views import public

admin.site.site_header = _("Årets frivillighetskommune – administration")
admin.site.site_title = _("Årets frivillighetskommune")

urlpatterns = [
    path("", public.home, name="home"),
    path("favicon.ico", favicon, name="favicon"),
    # For the proxy and the monitoring (core/health.py; docs/production.md).
    path("helse/", health, name="health"),
    path(
        "tilgjengelighet/",
        TemplateView.as_view(
            template_name="accessibility.html",
            extra_context={"secretariat_email": settings.SECRETARIAT_EMAIL},
        ),
        name="accessibility",
    ),
    path("plattformer/", include("platforms.urls")),
    path("", include("nominations.urls")),
    path("", include("scoring.urls")),
    path("konto/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Ahead of the admin's own login: the admin logs in through the same two steps.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    # Last: its addresses start with an award's slug.
    path("", include("scoring.public_urls")),
]

handler404 = "core.views.page_not_found"
