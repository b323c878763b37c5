from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "memorial.insights"
    label = "insights"
    verbose_name = "Archive in numbers"
