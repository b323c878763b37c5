"""Key again the Latin names with an h, which the Azerbaijani rules now also read as kh
(Əhmədov is Akhmedov, after Russian Ахмедов) without splitting sh, ch, kh, zh or gh."""

from django.db import migrations

from ._rekey import rekey_names


def rekey(apps, schema_editor):
    rekey_names(apps, lambda name: "h" in name.casefold())


class Migration(migrations.Migration):
    dependencies = [("entries", "0011_rekey_ukrainian_ye_and_belarusian_short_u")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
