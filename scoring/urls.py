from django.urls import path, register_converter

from core.converters import IdConverter

from .views import decision, deliberation, export, jury_home, review, secretariat, sign_off

app_name = "scoring"

# Ids beyond what the database holds are not found, never a server error.
register_converter(IdConverter, "id")

urlpatterns = [
    path("jury/", jury_home.index, name="index"),
    # The secretariat's home (scoring/views/secretariat.py).
    path("sekretariat/", secretariat.home, name="secretariat"),
    path("sekretariat/<id:cycle_id>/", secretariat.home, name="secretariat_cycle"),
    path(
        "sekretariat/<id:cycle_id>/paminnelse/<id:member_id>/",
        secretariat.remind,
        name="remind",
    ),
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
    # The chair's deliberation, the jury's decision and the sign-off (scoring/views/).
    path("jury/<id:cycle_id>/drofting/", deliberation.overview, name="deliberation"),
    path("jury/<id:cycle_id>/drofting/sammenlign/", deliberation.compare, name="compare"),
    path("jury/<id:cycle_id>/resultat/", decision.result, name="result"),
    path("jury/<id:cycle_id>/resultat/finalister/", decision.choose, name="choose"),
    path("jury/<id:cycle_id>/resultat/bekreft/", decision.confirm, name="confirm"),
    path("jury/<id:cycle_id>/resultat/tekster/", decision.texts, name="texts"),
    path("jury/<id:cycle_id>/resultat/lix/", decision.target, name="lix_target"),
    path("jury/<id:cycle_id>/resultat/las/", decision.lock, name="lock"),
    path("jury/<id:cycle_id>/resultat/las-opp/", decision.unlock, name="unlock"),
    path("jury/<id:cycle_id>/begrunnelse/", sign_off.sign_off, name="sign_off"),
    path("jury/<id:cycle_id>/begrunnelse/bekreft/", sign_off.confirm, name="confirm_choice"),
]
