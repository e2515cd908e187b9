from django.urls import path

from .views import deliberation, export, jury_home, review, secretariat

app_name = "scoring"

urlpatterns = [
    path("jury/", jury_home.index, name="index"),
    # The secretariat's home (scoring/views/secretariat.py).
    path("sekretariat/", secretariat.home, name="secretariat"),
    path("sekretariat/<int:cycle_id>/", secretariat.home, name="secretariat_cycle"),
    path(
        "sekretariat/<int:cycle_id>/paminnelse/<int:member_id>/",
        secretariat.remind,
        name="remind",
    ),
    path("jury/<int:cycle_id>/", jury_home.home, name="home"),
    path("jury/<int:cycle_id>/inhabilitet/", jury_home.conflicts, name="conflicts"),
    path("jury/<int:cycle_id>/neste/", jury_home.next_candidate, name="next"),
    path("jury/<int:cycle_id>/kandidater/<int:candidate_id>/", review.candidate, name="candidate"),
    path(
        "jury/<int:cycle_id>/kandidater/<int:candidate_id>/lagre/",
        review.autosave,
        name="autosave",
    ),
    path(
        "jury/<int:cycle_id>/kandidater/<int:candidate_id>/ferdig/",
        review.mark_done,
        name="mark_done",
    ),
    path(
        "jury/<int:cycle_id>/kandidater/<int:candidate_id>/gjenapne/",
        review.reopen,
        name="reopen",
    ),
    path(
        "jury/<int:cycle_id>/kandidater/<int:candidate_id>/diskusjon/",
        review.comment,
        name="comment",
    ),
    path(
        "jury/<int:cycle_id>/kandidater/<int:candidate_id>/vedlegg/<int:attachment_id>/",
        review.attachment,
        name="attachment",
    ),
    path("jury/<int:cycle_id>/eksport.xlsx", export.workbook, name="export"),
    # The chair's deliberation and the jury's result (scoring/views/deliberation.py).
    path("jury/<int:cycle_id>/drofting/", deliberation.overview, name="deliberation"),
    path("jury/<int:cycle_id>/drofting/sammenlign/", deliberation.compare, name="compare"),
    path("jury/<int:cycle_id>/resultat/", deliberation.result, name="result"),
    path("jury/<int:cycle_id>/resultat/finalister/", deliberation.choose, name="choose"),
    path("jury/<int:cycle_id>/resultat/tekster/", deliberation.texts, name="texts"),
    path("jury/<int:cycle_id>/resultat/lix/", deliberation.target, name="lix_target"),
    path("jury/<int:cycle_id>/resultat/las/", deliberation.lock, name="lock"),
    path("jury/<int:cycle_id>/resultat/las-opp/", deliberation.unlock, name="unlock"),
    path("jury/<int:cycle_id>/begrunnelse/", deliberation.sign_off, name="sign_off"),
]
