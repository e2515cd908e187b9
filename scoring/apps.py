from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Jury and results")

    def ready(self):
        # The lower apps import nothing from scoring; scoring hands them what they show.
        from nominations.audit import register_seated_cycles
        from nominations.models.cycles import register_winner_recorded
        from platforms.notes import register_clause_notes

        from . import access, publication, signals

        register_clause_notes(publication.clause_notes)
        register_winner_recorded(publication.winner_recorded)
        register_seated_cycles(access.seated_cycles)
        signals.connect()
