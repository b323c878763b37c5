import time

import pytest

from memorial.core.matching.phonetic import daitch_mokotoff


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        # Published examples (JewishGen / Mokotoff)
        ("MOSKOWITZ", {"645740"}),
        ("MOSKOVITZ", {"645740"}),
        ("AUERBACH", {"097500", "097400"}),
        ("OHRBACH", {"097500", "097400"}),
        ("LIPSHITZ", {"874400"}),
        ("LIPPSZYC", {"874400", "874500"}),
        ("LEWINSKY", {"876450"}),
        ("LEVINSKI", {"876450"}),
        ("SZLAMAWICZ", {"486740"}),
        ("SHLAMOVITZ", {"486740"}),
        ("PETERS", {"739400", "734000"}),
        ("PETERSON", {"739460", "734600"}),
        ("JACKSON", {"154600", "454600", "145460", "445460"}),
    ],
)
def test_published_examples(name, codes):
    assert daitch_mokotoff(name) == codes


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("HABER", {"579000"}),  # H before a vowel is coded 5
        ("AHRON", {"096000"}),  # H elsewhere is not coded; a vowel at the start is 0
        ("EUSTACE", {"143400", "143500"}),  # EU at the start is 1; ST before a vowel is 43
        ("STEIN", {"260000"}),  # ST at the start is 2; EI elsewhere is not coded
        ("BOYER", {"719000"}),  # OY before a vowel is 1
        ("BAUER", {"790000"}),  # AU before a vowel is 7, merged with the B before it
        ("EMNER", {"066900"}),  # MN is coded 66
        ("XAVIER", {"579000"}),  # X at the start is 5
        ("MAXS", {"654000"}),  # X (54) then S (4): the repeated sound is written once
        ("BRODT", {"793000"}),  # D and T share a code and are written once
        ("YASSER", {"149000"}),  # Y at the start is 1
        ("ABCDEFGHIJKL", {"075375", "074375"}),  # truncated to six digits
    ],
)
def test_chart_rules(name, codes):
    assert daitch_mokotoff(name) == codes


@pytest.mark.parametrize(
    "spellings",
    [
        ("MAMMADOV", "MAMEDOV", "MEMMEDOV"),
        ("HUSEYNOV", "GUSEYNOV"),
        ("SCHWARTZ", "SZWARC", "SHVARTS"),
        ("JAFAROV", "DZHAFAROV"),
    ],
)
def test_spellings_of_one_name_share_a_code(spellings):
    shared = set.intersection(*(daitch_mokotoff(s) for s in spellings))
    assert shared


def test_case_and_non_letters_are_ignored():
    assert daitch_mokotoff("Moskowitz") == daitch_mokotoff("MOSKOWITZ")
    assert daitch_mokotoff("moskowitz") == {"645740"}
    assert daitch_mokotoff(" Mos-ko'witz 1 ") == {"645740"}


@pytest.mark.parametrize("name", ["", "   ", "123-45", "Мамедов", "ממדוב", "!!"])
def test_no_latin_letters_gives_no_codes(name):
    assert daitch_mokotoff(name) == set()


def test_every_code_is_six_digits():
    for name in ("A", "LI", "SCHTSCHERBAKOV", "JJJJ", "CHACHACHA"):
        codes = daitch_mokotoff(name)
        assert codes
        assert all(len(code) == 6 and code.isdigit() for code in codes)


@pytest.mark.parametrize("chunk", ["CJ", "CA", "RSCK", "JAJE", "X"])
def test_hostile_input_is_bounded(chunk):
    hostile = chunk * (10_000 // len(chunk))
    start = time.perf_counter()
    codes = daitch_mokotoff(hostile)
    assert time.perf_counter() - start < 0.5
    assert 1 <= len(codes) <= 32
    assert all(len(code) == 6 for code in codes)


def test_only_the_first_64_letters_count():
    assert daitch_mokotoff("A" * 64 + "CH") == daitch_mokotoff("A" * 70)
