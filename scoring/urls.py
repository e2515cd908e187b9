from django.urls import path, register_converter

from core.converters import IdConverter

from .views import deliberation, export, jury_home, review

app_name = "scoring"

# Ids beyond what the database holds are not found, never a server error.
register_converter(IdConverter, "id")

urlpatterns = [
    path("jury/", jury_home.index, name="index"),
    path("jury/<id:cycle_id>/", jury_home.home, name="home"),
    path("jury/<id:cycle_id>/inhabilitet/", jury_home.conflicts, name="conflicts"),
    path("jury/<id:cycle_id>/neste/", jury_home.next_candidate, name="next"),
    path("jury/<id:cycle_id>/kandidater/<id:candidate_id>/", review.candidate, name="candidate"),
    path(
        "jury/<id:cycle_id>/kandidater/<id:candidate_id>/lagre/",
        review.autosave,
        name="autosave",
    ),
    path(
        "jury/<id:cycle_id>/kandidater/<id:candidate_id>/ferdig/",
        review.mark_done,
        name="mark_done",
    ),
    path(
        "jury/<id:cycle_id>/kandidater/<id:candidate_id>/gjenapne/",
        review.reopen,
        name="reopen",
    ),
    path(
        "jury/<id:cycle_id>/kandidater/<id:candidate_id>/diskusjon/",
        review.comment,
        name="comment",
    ),
    path(
        "jury/<id:cycle_id>/kandidater/<id:candidate_id>/vedlegg/<id:attachment_id>/",
        review.attachment,
        name="attachment",
    ),
    path("jury/<id:cycle_id>/eksport.xlsx", export.workbook, name="export"),
    # The chair's deliberation and the jury's result (scoring/views/deliberation.py).
    path("jury/<id:cycle_id>/drofting/", deliberation.overview, name="deliberation"),
    path("jury/<id:cycle_id>/drofting/sammenlign/", deliberation.compare, name="compare"),
    path("jury/<id:cycle_id>/resultat/", deliberation.result, name="result"),
    path("jury/<id:cycle_id>/resultat/finalister/", deliberation.choose, name="choose"),
    path("jury/<id:cycle_id>/resultat/tekster/", deliberation.texts, name="texts"),
    path("jury/<id:cycle_id>/resultat/lix/", deliberation.target, name="lix_target"),
    path("jury/<id:cycle_id>/resultat/las/", deliberation.lock, name="lock"),
    path("jury/<id:cycle_id>/resultat/las-opp/", deliberation.unlock, name="unlock"),
    path("jury/<id:cycle_id>/begrunnelse/", deliberation.sign_off, name="sign_off"),
]
