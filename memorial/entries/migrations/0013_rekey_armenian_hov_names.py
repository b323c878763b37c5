"""Key again the Armenian names with հ, which gained the spellings Russian gives Հով-
and վհ (Ованесян, Оганесян, Овсепян)."""

from django.db import migrations

from ._rekey import rekey_names


def rekey(apps, schema_editor):
    rekey_names(apps, lambda name: "հ" in name.casefold())


class Migration(migrations.Migration):
    dependencies = [("entries", "0012_rekey_latin_names_with_h")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
