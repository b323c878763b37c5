from django.apps import AppConfig


class RemembrancesConfig(AppConfig):
    name = "memorial.remembrances"
    label = "remembrances"
    verbose_name = "Remembrances"

    def ready(self):
        from . import moderation  # noqa: F401  signal receivers for moderation outcomes
