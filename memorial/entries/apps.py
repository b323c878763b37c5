from django.apps import AppConfig


class EntriesConfig(AppConfig):
    name = "memorial.entries"
    label = "entries"
    verbose_name = "Memorial entries"
