from django.urls import path

from .views import jury_home, review

app_name = "scoring"

urlpatterns = [
    path("jury/", jury_home.index, name="index"),
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
]
