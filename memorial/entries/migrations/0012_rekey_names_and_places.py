"""Key again, in one pass over the names, the entries whose keys the new matching rules
change:

- a Latin Hov- name is also read as Russian writes it, Ов- or Ог- (Hovhannisyan meets
  Оганесян and Ованесян, Hovsepyan meets Овсепян);
- an Irish O, Mc or Mac typed apart from the rest of the name is also keyed joined to it
  ('O Neil' is found as O'Neil).

and the places whose key (memorial.core.names.same_name_key) now folds İ, I, i and ı into
one letter, so 'ŞƏKİ' is the place 'Şəki'. Places now sharing a key are kept apart by
their id, as 0007 did (memorial.core.unique_keys).
"""

import unicodedata

from django.db import migrations

from ._rekey import rekey_names


def keys_change(name: str) -> bool:
    from memorial.core.matching.keys import PARTICLE, words_of
    from memorial.core.matching.transliteration import normalise_word

    return bool(PARTICLE.search(unicodedata.normalize("NFC", name))) or any(
        normalise_word(word).startswith("hov") for word in words_of(name)
    )


def rekey(apps, schema_editor):
    rekey_names(apps, keys_change)


def rekey_places(apps, schema_editor):
    from memorial.core.names import same_name_key
    from memorial.core.unique_keys import rekey_unique

    rekey_unique(apps.get_model("entries", "Place"), same_name_key, ("name", "region"))


class Migration(migrations.Migration):
    dependencies = [("entries", "0011_rekey_names_for_new_matching_rules")]

    operations = [
        migrations.RunPython(rekey, migrations.RunPython.noop),
        migrations.RunPython(rekey_places, migrations.RunPython.noop),
    ]
