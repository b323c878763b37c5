from django.apps import AppConfig


class RemembrancesConfig(AppConfig):
    name = "memorial.remembrances"
    label = "remembrances"
    verbose_name = "Remembrances"
