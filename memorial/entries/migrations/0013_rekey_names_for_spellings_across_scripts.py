"""Key again, in one pass over the names, the entries whose keys the new matching rules
change:

- a Russian е beginning a name is also ye (Yelena, Jelena), щ is also the simplified sch
  (Scherbakov), and š, č, ž, ŝ, ř are read as sh, ch, zh, shch, rzh (Ševčenko);
- the y between a vowel and e may be left out (Rzayev, Rzaev; Агаев, Agaev);
- an Armenian Հ (or, in an Armenian Latin name, H) before a vowel at the start is also
  left out, as Russian does (Акопян, Арутюнян); other Latin H- names (Hovey) lost it;
- a Hebrew alef beginning a name may be a vowel, ת is also s, and both readings of a
  long Hebrew name are kept;
- a Ukrainian -ivna and a patronymic of a father's name in -й meet the father's name,
  and a Russian -skaya the Polish -ska;
- a given name that is only an Irish O, Mc or Mac is also keyed with the family name.
"""

import re
import unicodedata

from anyascii import anyascii
from django.db import migrations

from ._rekey import rekey_names

CHANGED_LETTERS = "щšžčŝřת"
VOWEL_GLIDE_E = re.compile(r"[aou][iyj]?e")


def word_keys_change(word: str) -> bool:
    from memorial.core.matching.keys import PATRONYMIC_ENDINGS, RUSSIAN_FEMININE_SKAYA
    from memorial.core.matching.transliteration import normalise_word, romanisations

    word = normalise_word(word)
    return (
        word[:1] in ("е", "h", "հ", "א")
        or any(letter in word for letter in CHANGED_LETTERS)
        or any("\u0590" <= char <= "\u05ff" for char in word)
        or bool(VOWEL_GLIDE_E.search(anyascii(word).lower()))
        or any(
            spelling.endswith((*PATRONYMIC_ENDINGS, RUSSIAN_FEMININE_SKAYA[0]))
            for spelling in romanisations(word)
        )
    )


def keys_change(name: str) -> bool:
    from memorial.core.matching.keys import BARE_PARTICLE, words_of

    name = unicodedata.normalize("NFC", name)
    return bool(BARE_PARTICLE.fullmatch(name)) or any(map(word_keys_change, words_of(name)))


def rekey(apps, schema_editor):
    rekey_names(apps, keys_change)


class Migration(migrations.Migration):
    dependencies = [("entries", "0012_rekey_names_and_places")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
