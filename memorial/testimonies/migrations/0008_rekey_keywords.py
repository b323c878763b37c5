"""Key again the keywords whose key (memorial.core.names.same_name_key) now folds İ, I, i
and ı into one letter, so 'SÜRGÜN İLLƏRİ' is the term 'Sürgün illəri'. Terms now sharing
a key are kept apart by their id, as 0004 did (memorial.core.unique_keys)."""

from django.db import migrations


def rekey_keywords(apps, schema_editor):
    from memorial.core.names import same_name_key
    from memorial.core.unique_keys import rekey_unique

    rekey_unique(apps.get_model("testimonies", "Keyword"), same_name_key, ("name",))


class Migration(migrations.Migration):
    dependencies = [
        ("testimonies", "0007_withheld_untimed_passages_keep_the_original_from_visitors")
    ]

    operations = [migrations.RunPython(rekey_keywords, migrations.RunPython.noop)]
