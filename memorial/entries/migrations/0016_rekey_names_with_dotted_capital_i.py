"""Key again the names with İ, whose exact key kept the combining dot case folding gives
it (i̇smayılov), so the name typed in lowercase (ismayılov) was not its exact spelling."""

from django.db import migrations

from ._rekey import rekey_names


def rekey(apps, schema_editor):
    rekey_names(apps, lambda name: "\u0307" in name.casefold())


class Migration(migrations.Migration):
    dependencies = [("entries", "0015_rekey_russian_style_patronymics")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
