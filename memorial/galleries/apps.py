from django.apps import AppConfig


class GalleriesConfig(AppConfig):
    name = "memorial.galleries"
    label = "galleries"
    verbose_name = "Galleries"
