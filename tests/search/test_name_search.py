"""Finding a person by any spelling of their name, ranked and explained."""

import unicodedata

import pytest
from django.db import connection

from memorial.core.matching.keys import MatchKind
from memorial.entries.models import EntryNameKey
from search.queries import SearchQuery

from ..core.test_match_keys import VARIANT_PAIRS

pytestmark = pytest.mark.django_db


def found(q, **params):
    query = SearchQuery.from_params({"q": q, **params})
    return list(query.entry_window(0, 10)[1])


def test_every_variant_finds_its_entry_in_the_top_ten(person):
    # One person per spelling: pairs sharing a spelling must not crowd each other out.
    spellings = dict.fromkeys(archive for archive, _searched, _kind in VARIANT_PAIRS)
    stored = {archive: person(archive) for archive in spellings}
    for index in range(12):  # people who must not crowd the right one out
        person(f"Tessarovich{index}")
    for archive, searched, _kind in VARIANT_PAIRS:
        assert stored[archive] in found(searched), f"{searched} did not find {archive}"


def test_the_exact_spelling_ranks_first(person):
    azerbaijani = person("Məmmədov")
    russian = person("Мамедов")
    english = person("Mamedov")
    assert found("Mamedov")[0] == english
    assert found("Мамедов")[0] == russian
    assert found("Məmmədov")[0] == azerbaijani
    assert set(found("Mamedov")) == {azerbaijani, russian, english}


def test_spelling_ranks_above_sound(person):
    sounds_alike = person("Guseynov")
    spelled = person("Гусейнов")
    assert found("Hüseynov") == [spelled, sounds_alike]


def test_variants_are_matched_with_their_language(person):
    entry = person("Tessaro", variants=[("Cafarov", "az")])
    assert found("Jafarov") == [entry]


def test_every_word_must_match_a_name(person):
    ali = person("Məmmədov", given="Əli")
    person("Məmmədov", given="Rauf")
    assert found("Ali Mamedov") == [ali]
    assert found("Али Мамедов") == [ali]
    assert found("Zebulon Mamedov") == []


def test_irish_o_mc_and_mac_are_found_however_they_are_spaced(person):
    """'O Neil' is O'Neil typed without its apostrophe, 'Mc Tessary' McTessary with a space;
    the archive's records are spelled all these ways too."""
    from search.names import explain, name_terms

    apostrophe, joined, spaced = person("O'Neil"), person("ONeil"), person("O Neil")
    for typed in ("O Neil", "O' Neil", "o neil", "O’Neil", "ONeil"):
        assert set(found(typed)) == {apostrophe, joined, spaced}, typed
    brien = person("O’Brien", given="Seán")
    assert found("O Brien") == [brien]
    assert found("Seán O' Brien") == [brien]
    mc, mac = person("McTessary"), person("Mac Tessary")
    assert found("Mc Tessary") == [mc, mac]  # McTessary as written, MacTessary as it sounds
    assert found("MacTessary") == found("Mac Tessary") == [mac, mc]
    # The words of a spaced name still find it one by one (first: PostgreSQL adds McTessary
    # as a close spelling).
    assert found("Tessary")[0] == mac
    reasons = explain(spaced, name_terms(["o'neil"]))
    assert [str(reason) for reason in reasons] == ["exact spelling O Neil"]


def test_an_initial_o_with_a_full_stop_is_still_an_initial(person):
    initial = person("Tessaro", given="O.")
    assert found("O. Tessaro") == [initial]


def test_a_given_name_that_is_only_an_irish_particle_is_found_with_the_family_name(person):
    """A record that put O, Mc or Mac in the given name field ('O' 'Tessaro') is found by
    'O Tessaro' as typed, which is read as OTessaro, as well as by 'O. Tessaro'."""
    from search.names import explain, name_terms

    o, mc, mac = (
        person("Tessaro", given="O"),
        person("Tessary", given="Mc"),
        person("Tessarin", given="Mac"),
    )
    # (first: PostgreSQL adds the other Tessar- names as close spellings of OTessaro)
    assert found("O Tessaro")[0] == found("O'Tessaro")[0] == o
    assert found("O. Tessaro") == [o]
    assert found("Mc Tessary")[0] == mc
    assert found("Mac Tessarin")[0] == mac
    reasons = explain(o, name_terms(["otessaro"]))
    assert [str(reason) for reason in reasons] == ["exact spelling O Tessaro"]
    assert found("Tessaro")[0] == o


def test_results_say_why_they_matched(client, person):
    person("Мамедов", given="Leyla")
    person("Guseynov", given="Leyla")
    html = client.get("/search/", {"q": "Mamedov"}).content.decode()
    assert "spelled Мамедов in the archive" in html
    html = client.get("/search/", {"q": "Huseynov"}).content.decode()
    assert "sounds like Guseynov" in html


def test_keys_follow_published_names_not_drafts(person):
    entry = person("Tessaro")
    entry.family_name = "Qasımov"
    entry.save_revision()  # a draft: the public still sees Tessaro
    assert found("Tessaro") == [entry]
    assert found("Gasimov") == []
    entry.get_latest_revision().publish()
    assert found("Gasimov") == [entry]
    assert found("Tessaro") == []


def test_deleting_an_entry_deletes_its_keys(person):
    entry = person("Tessaro")
    entry.delete()
    assert not EntryNameKey.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL's")
def test_a_typo_finds_a_close_spelling_last(person):
    close = person("Mamedov")
    assert found("Mamedvo") == [close]
    person("Mamedvo")
    assert found("Mamedvo")[-1] == close


@pytest.mark.parametrize("few_key_rows", [0, 5, 3000])
def test_terms_match_the_same_people_by_ids_or_by_keys(person, monkeypatch, few_key_rows):
    """A term matching few people is passed as their ids, a common one as a key lookup, and
    two common ones by what they share: every way, and mixed in one query, finds the same
    people in the same order. (0: every term is common; 5: each name alone is common but
    together they are few; 3000: every term is few.)"""
    monkeypatch.setattr("search.names.FEW_KEY_ROWS", few_key_rows)
    ali = person("Məmmədov", given="Əli")
    rauf = person("Məmmədov", given="Rauf")
    others = [person("Məmmədov", given=given) for given in ("Leyla", "Nigar", "Samir", "Tural")]
    for index in range(6):
        person(f"Tessarovich{index}", given="Əli")
    assert found("Mamedov") == sorted([ali, rauf, *others], key=lambda e: e.sort_name)[:10]
    assert found("Ali Mamedov") == [ali]
    assert found("Али Мамедов") == [ali]
    assert found("Rauf Мамедов") == [rauf]
    assert found("Zebulon Mamedov") == []
    assert found("Zebulon") == []
    assert SearchQuery.from_params({"q": "Ali Mamedov"}).facets.total == 1
    assert SearchQuery.from_params({"q": "Mamedov"}).facets.total == 6


def test_a_name_nobody_bears_still_gives_a_ranked_queryset(person):
    from memorial.entries.models import MemorialEntryPage
    from search.names import match_entries, name_terms

    person("Məmmədov")
    for words in (["zebulon"], ["zebulon", "mamedov"], ["mamedov", "zebulon"]):
        found_none = match_entries(MemorialEntryPage.objects.all(), name_terms(words))
        assert list(found_none.order_by("name_rank", "pk")) == []


def test_why_a_result_matched_is_said_in_the_visitors_language(client, person):
    person("Мамедов", given="Leyla")
    html = client.get("/ru/search/", {"q": "Mamedov"}).content.decode()
    assert "в архиве записано как Мамедов" in html
    html = client.get("/az/search/", {"q": "Mamedov", "born_from": "soon"}).content.decode()
    assert "“doğum ili, başlanğıc” 1942 kimi il olmalıdır" in html


def test_the_kind_searched_is_lowercased_as_azerbaijani_writes_it(client, home):
    html = client.get("/az/search/", {"q": "Nobodyhere"}).content.decode()
    assert "heç nə tapılmadı (insanlar)" in html
    assert "\u0307" not in html  # the combining dot str.lower leaves after İ


def test_lowercase_in_the_active_language():
    from django.utils import translation

    from memorial.core.templatetags.archive_tags import lower_for_language

    with translation.override("az"):
        assert lower_for_language("İNSANLAR VƏ ŞƏKİLLƏR") == "insanlar və şəkillər"
        assert lower_for_language("ILDIRIM") == "ıldırım"
    with translation.override("en"):
        assert lower_for_language("IMAGES") == "images"


def test_names_stored_before_marks_were_kept_in_words_are_keyed_again(person):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("memorial.entries.migrations.0006_rekey_names_typed_with_marks")
    decomposed = person(unicodedata.normalize("NFD", "Şahin"))
    pointed = person("Levi", variants=[("כֹּהֵן", "he")])
    untouched = person("Mamedov")
    for entry in (decomposed, pointed):  # keyed as the old rules did: split at the marks
        EntryNameKey.objects.filter(entry=entry).delete()
        EntryNameKey.objects.create(entry=entry, kind=0, key="s")
    untouched_keys = set(EntryNameKey.objects.filter(entry=untouched).values_list("kind", "key"))
    migration.rekey(apps, None)
    assert found("Şahin") == [decomposed]
    assert found("כהן") == [pointed]
    assert set(EntryNameKey.objects.filter(entry=untouched).values_list("kind", "key")) == (
        untouched_keys
    )


def old_keys_then_migrate(migration_name, rekeyed, untouched):
    """Key `rekeyed` entries as old rules might have, run the migration, and check the
    `untouched` entries' keys were left alone."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module(f"memorial.entries.migrations.{migration_name}")
    for entry in rekeyed:
        EntryNameKey.objects.filter(entry=entry).delete()
        EntryNameKey.objects.create(entry=entry, kind=0, key="s")
    before = {
        entry.pk: set(EntryNameKey.objects.filter(entry=entry).values_list("kind", "key"))
        for entry in untouched
    }
    migration.rekey(apps, None)
    for entry in untouched:
        after = set(EntryNameKey.objects.filter(entry=entry).values_list("kind", "key"))
        assert after == before[entry.pk]


def test_keying_names_again_makes_the_cached_searches_stale(person):
    from django.apps import apps

    from memorial.core.changes import searched_state
    from memorial.entries.migrations._rekey import rekey_names

    person("Mamedov")
    before = searched_state()
    rekey_names(apps, lambda name: name == "Nobody")
    assert searched_state() == before  # nothing keyed again: nothing stale
    rekey_names(apps, lambda name: name == "Mamedov")
    assert searched_state() != before


def test_names_with_ukrainian_ye_or_belarusian_short_u_are_keyed_again(person):
    ukrainian = person("Євтушенко")
    belarusian = person("Tessaro", variants=[("Кавалёў", "be")])
    old_keys_then_migrate(
        "0011_rekey_names_for_new_matching_rules",
        rekeyed=[ukrainian, belarusian],
        untouched=[person("Mamedov")],
    )
    assert found("Evtushenko") == [ukrainian]
    assert found("Kavalew") == [belarusian]


def test_latin_names_with_h_are_keyed_again(person):
    azerbaijani = person("Əhmədov")
    old_keys_then_migrate(
        "0011_rekey_names_for_new_matching_rules",
        rekeyed=[azerbaijani],
        untouched=[person("Мамедов")],
    )
    assert found("Akhmedov")[0] == azerbaijani


def test_armenian_names_with_ho_are_keyed_again(person):
    armenian = person("Tessaro", variants=[("Հովհաննիսյան", "hy")])
    old_keys_then_migrate(
        "0011_rekey_names_for_new_matching_rules", rekeyed=[armenian], untouched=[person("Mamedov")]
    )
    assert found("Оганесян") == [armenian]


def test_hebrew_names_are_keyed_again(person):
    hebrew = person("Tessaro", variants=[("כהן", "he")])
    old_keys_then_migrate(
        "0011_rekey_names_for_new_matching_rules", rekeyed=[hebrew], untouched=[person("Mamedov")]
    )
    assert found("Cohen") == [hebrew]


def test_a_russian_style_patronymic_finds_the_fathers_name(person):
    ali = person("Məmmədov", given="Əli", patronymic="Rauf oğlu")
    leyla = person("Мамедова", given="Лейла", patronymic="Рауфовна")
    assert found("Ali Raufovich Mamedov") == [ali]
    assert found("Leyla Rauf Mamedova") == [leyla]


def test_russian_style_patronymics_are_keyed_again(person):
    son = person("Мамедов", given="Али", patronymic="Рауфович")
    old_keys_then_migrate(
        "0011_rekey_names_for_new_matching_rules", rekeyed=[son], untouched=[person("Tessaro")]
    )
    assert found("Rauf Mamedov") == [son]


def test_son_of_and_daughter_of_need_not_be_in_the_archive(person):
    """'Rauf oğlu' (son of Rauf) is how Azerbaijani writes what Russian records write
    Рауфович: the words for son and daughter are not required to match."""
    son = person("Мамедов", given="Али", patronymic="Рауфович")
    daughter = person("Мамедова", given="Лейла", patronymic="Рауфовна")
    assert found("Ali Rauf oğlu Mamedov") == [son]
    assert found("Али Рауф оглы Мамедов") == [son]
    assert found("Leyla Rauf qızı Mamedova") == [daughter]
    assert found("Rauf kyzy Leyla") == [daughter]


def test_a_name_with_dotted_capital_i_is_found_exactly_as_written_in_lowercase(person):
    from search.names import explain, name_terms

    others = [person("Ismayilov"), person("Ismailov"), person("Исмаилов")]
    written = person("İsmayılov")
    assert found("ismayılov") == [written, *sorted(others, key=lambda e: e.sort_name)]
    reasons = explain(written, name_terms(["ismayılov"]))
    assert [str(reason) for reason in reasons] == ["exact spelling İsmayılov"]


def test_names_with_dotted_capital_i_are_keyed_again(person):
    written = person("İsmayılov")
    old_keys_then_migrate(
        "0011_rekey_names_for_new_matching_rules", rekeyed=[written], untouched=[person("Tessaro")]
    )
    assert EntryNameKey.objects.filter(entry=written, kind=0, key="ismayılov").exists()


def test_latin_hov_names_are_keyed_again(person):
    latin = person("Hovhannisyan")
    old_keys_then_migrate(
        "0012_rekey_names_and_places", rekeyed=[latin], untouched=[person("Hoffmann")]
    )
    assert found("Оганесян") == [latin]
    assert found("Ованесян") == [latin]


def test_hovey_is_not_ovey(person):
    """The Armenian Hov- that Russian writes Ов- is read only in Armenian names: Hovey and
    Ovey are at most close spellings of each other (on PostgreSQL), never transliterations."""
    from search.names import explain, name_terms

    hovey = person("Hovey")
    ovey = person("Ovey")
    assert found("Hovey")[0] == hovey
    assert found("Ovey")[0] == ovey
    assert [reason.kind for reason in explain(hovey, name_terms(["ovey"]))] == [MatchKind.FUZZY]


def test_irish_names_stored_with_a_space_are_keyed_again(person):
    spaced = person("O Neil")
    old_keys_then_migrate(
        "0012_rekey_names_and_places", rekeyed=[spaced], untouched=[person("Tessaro", given="O.")]
    )
    assert found("O'Neil") == [spaced]


def test_names_read_by_the_new_spelling_rules_are_keyed_again(person):
    migration = "0013_rekey_names_for_spellings_across_scripts"
    yelena = person("Tessaro", given="Елена")
    rzayev = person("Rzayev")
    armenian = person("Հարությունյան")
    hebrew = person("Tessaro", given="אברהם")
    polish = person("Ковальская")
    irish = person("Tessaro", given="O")
    old_keys_then_migrate(
        migration,
        rekeyed=[yelena, rzayev, armenian, hebrew, polish, irish],
        untouched=[person("Mamedov"), person("Tessaro", given="O.")],
    )
    assert found("Yelena")[:1] == [yelena]
    assert found("Rzaev")[:1] == [rzayev]
    assert found("Арутюнян")[:1] == [armenian]
    assert found("Avraham")[:1] == [hebrew]
    assert found("Kowalska")[:1] == [polish]
    assert found("O Tessaro")[:1] == [irish]


def test_hovey_loses_the_armenian_keys_it_was_given(person):
    from importlib import import_module

    from django.apps import apps

    hovey = person("Hovey")
    EntryNameKey.objects.create(entry=hovey, kind=1, key="ovei")  # as 0012 keyed it
    import_module(
        "memorial.entries.migrations.0013_rekey_names_for_spellings_across_scripts"
    ).rekey(apps, None)
    assert not EntryNameKey.objects.filter(entry=hovey, key="ovei").exists()
