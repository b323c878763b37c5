from django.apps import AppConfig


class TestimoniesConfig(AppConfig):
    name = "memorial.testimonies"
    label = "testimonies"
    verbose_name = "Testimonies"

    def ready(self):
        from . import (
            consent,  # noqa: F401  signal receivers for consent withdrawal
            keyword_index,  # noqa: F401  keywords renamed: their testimonies indexed anew
        )
        from .copy_guard import install

        install()  # no copy or alias of a testimony whose narrator withdrew consent
