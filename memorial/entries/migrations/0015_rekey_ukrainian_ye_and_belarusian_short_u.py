"""Key again the names with Ukrainian є or Belarusian ў, which gained the spellings
Russian- and Polish-style records give them (Evtushenko, Kavalew)."""

from django.db import migrations

from ._rekey import rekey_names


def rekey(apps, schema_editor):
    rekey_names(apps, lambda name: any(letter in name.casefold() for letter in "єў"))


class Migration(migrations.Migration):
    dependencies = [("entries", "0010_names_need_a_letter")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
