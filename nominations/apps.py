from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def award_platforms() -> dict:
    """{platform id: [award name]}: the agreement each award rests on, and its revisions."""
    from platforms.models import Platform

    from .models import Award

    uses: dict = {}
    for platform_id, name in Award.objects.values_list("platform_id", "name"):
        uses.setdefault(platform_id, []).append(name)
    if uses:
        # A revision of an award's agreement is what the award rests on from its year on.
        for pk, revises_id in (
            Platform.objects.filter(revises__isnull=False)
            .order_by("pk")
            .values_list("pk", "revises_id")
        ):
            if revises_id in uses:
                uses.setdefault(pk, []).extend(uses[revises_id])
    return uses


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations")

    def ready(self):
        from platforms.notes import register_platform_uses

        from . import signals

        signals.connect()
        # The platforms app knows nothing of awards: this app tells it what each rests on.
        register_platform_uses(award_platforms)
