"""A Locale for every content language (WAGTAIL_CONTENT_LANGUAGES), so pages can be
translated into Azerbaijani and Russian straight after `migrate`.

Wagtail's own migration creates only the default locale. Reading settings here is
deliberate: this adds rows, it changes no schema, and running it again adds nothing.
"""

from django.conf import settings
from django.db import migrations


def create_content_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", []):
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_research_terms"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(create_content_locales, migrations.RunPython.noop)]
