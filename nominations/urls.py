from django.urls import path

from . import upload_handlers, views, wizard

app_name = "nominations"

# Files are capped at 10 MB while they arrive, and a request at 110 MB (upload_handlers.py).
wizard_view = upload_handlers.capped(wizard.NominationWizard.as_wizard_view())

urlpatterns = [
    path("nominer/", views.start, name="start"),
    # The short address of the form: on to the one open call's, or to the choice (calls.py).
    path("nominer/ny/", views.new_nomination, name="wizard_new"),
    path("nominer/<str:token>/", wizard.resume, name="resume"),
    path("nominer/<str:token>/<str:step>/", wizard_view, name="wizard"),
    path("nominer/<str:token>/<str:step>/autosave/", wizard.autosave, name="wizard_autosave"),
    path("nominasjon/<str:token>/", views.nomination_page, name="nomination"),
    path("nominasjon/<str:token>/kvittering/", views.receipt, name="receipt"),
    path("nominasjon/<str:token>/trekk-tilbake/", views.withdraw, name="withdraw"),
    path(
        "nominasjon/<str:token>/vedlegg/<str:attachment_token>/",
        views.attachment,
        name="attachment",
    ),
    path("personvern/", views.privacy, name="privacy"),
    path("kandidat/<str:token>/", views.candidate_material, name="candidate_material"),
    # An award's own call: several awards may have one open in the same year (calls.py).
    path("<slug:award>/nominer/", views.start, name="award_start"),
    path("<slug:award>/nominer/ny/", wizard_view, {"step": "kandidat"}, name="award_wizard_new"),
]
