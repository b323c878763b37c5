from django.apps import AppConfig


class TestimoniesConfig(AppConfig):
    name = "memorial.testimonies"
    label = "testimonies"
    verbose_name = "Testimonies"

    def ready(self):
        from . import consent  # noqa: F401  signal receivers for consent withdrawal
