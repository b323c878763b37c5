"""Key again the names with a Russian-style patronymic (Рауфович, Sergeyevna), which are
now also spelled as the father's name they are made of."""

from django.db import migrations

from ._rekey import rekey_names


def is_patronymic(name: str) -> bool:
    from memorial.core.matching.keys import PATRONYMIC_ENDINGS, words_of
    from memorial.core.matching.transliteration import romanisations

    return any(
        spelling.endswith(PATRONYMIC_ENDINGS)
        for word in words_of(name)
        for spelling in romanisations(word)
    )


def rekey(apps, schema_editor):
    rekey_names(apps, is_patronymic)


class Migration(migrations.Migration):
    dependencies = [("entries", "0014_rekey_hebrew_names")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
