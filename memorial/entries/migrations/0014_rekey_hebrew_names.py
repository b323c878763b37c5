"""Key again the Hebrew names, which are now also read with a vowel between consonants
(כהן meets Cohen and Коган)."""

from django.db import migrations

from ._rekey import rekey_names


def rekey(apps, schema_editor):
    rekey_names(apps, lambda name: any("\u0590" <= char <= "\u05ff" for char in name))


class Migration(migrations.Migration):
    dependencies = [("entries", "0013_rekey_armenian_hov_names")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
