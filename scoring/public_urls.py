"""The public pages of the result, in their own namespace ("public") so that the site menu can
tell them from the jury's pages. Included last in config/urls.py: the award's slug comes first
in these addresses, and every fixed address of the site must win over it."""

from django.urls import path, re_path

from .views import public

app_name = "public"

urlpatterns = [
    path("arkiv/", public.archive, name="archive"),
    re_path(
        r"^kommuner/(?P<number>[0-9]{2}(?:[0-9]{2})?)/$", public.municipality, name="municipality"
    ),
    path("<slug:award>/", public.award_home, name="award"),
    path("<slug:award>/feed/", public.AnnouncementFeed(), name="feed"),
    path("<slug:award>/<int:year>/", public.announcement, name="announcement"),
    path("<slug:award>/<int:year>/finalister/", public.finalists, name="finalists"),
]
