from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "memorial.insights"
    label = "insights"
    verbose_name = "Archive in numbers"

    def ready(self):
        from . import purging  # noqa: F401  signal receivers that purge a front-end proxy
