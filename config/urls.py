from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

admin.site.site_header = _("Årets frivillighetskommune – administration")
admin.site.site_title = _("Årets frivillighetskommune")

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("plattformer/", include("platforms.urls")),
    path("", include("nominations.urls")),
    path("", include("scoring.urls")),
    path("konto/", include("scoring.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
