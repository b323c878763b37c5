"""Key again, in one pass over the names, the entries whose keys the new matching rules
change:

- Ukrainian є and Belarusian ў gained the spellings Russian- and Polish-style records give
  them (Evtushenko, Kavalew);
- a Latin h is also read as the Azerbaijani kh (Əhmədov is Akhmedov, after Ахмедов);
- Armenian հ gained the spellings Russian gives Հով- and վհ (Ованесян, Оганесян, Овсепян);
- Hebrew names are also read with a vowel between consonants (כהן meets Cohen and Коган);
- a Russian-style patronymic (Рауфович, Sergeyevna) is also spelled as the father's name;
- İ lost the combining dot case folding gives it, so 'ismayılov' is İsmayılov's exact
  spelling.
"""

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


def is_hebrew(name: str) -> bool:
    return any("\u0590" <= char <= "\u05ff" for char in name)


def keys_change(name: str) -> bool:
    folded = name.casefold()
    return (
        any(letter in folded for letter in "єўhհ\u0307") or is_hebrew(name) or is_patronymic(name)
    )


def rekey(apps, schema_editor):
    rekey_names(apps, keys_change)


class Migration(migrations.Migration):
    dependencies = [("entries", "0010_names_need_a_letter")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
