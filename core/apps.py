from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What several apps share: the language middleware, the form renderer, the exact JSON
    serializer, URL converters. It depends on no app of the project."""

    name = "core"
    verbose_name = "Core"
