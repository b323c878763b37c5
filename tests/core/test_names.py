import pytest

from memorial.core.names import fold, full_name, initial_of, same_name_key, sort_key


@pytest.mark.parametrize(
    ("name", "initial"),
    [
        ("Məmmədov", "M"),
        ("Мамедов", "M"),
        ("Örnek", "O"),
        ("Szwarc", "S"),
        ("Шварц", "S"),
        ("  ", "#"),
        ("123", "#"),
    ],
)
def test_names_are_browsed_under_their_latin_initial(name, initial):
    assert initial_of(name) == initial


def test_sort_key_puts_spellings_of_one_name_side_by_side():
    assert sort_key("Мамедов", "Али") == "mamedov ali"
    assert sort_key("Mamedov", "Ali") == "mamedov ali"
    assert fold("  Hüseynov ") == "huseynov"


def test_full_name_skips_empty_parts():
    assert full_name("Ali", "", "Mamedov") == "Ali Mamedov"


@pytest.mark.parametrize(
    ("one", "other"),
    [("ŞƏKİ", "şəki"), ("QUBALI", "Qubalı"), ("İstivan", "ISTIVAN"), ("ıldırım", "İLDIRIM")],
)
def test_azerbaijani_and_turkish_capitals_have_the_same_name_key(one, other):
    """casefold makes İ an i with a combining dot, and I is ı as often as i."""
    assert same_name_key(one) == same_name_key(other)
    assert "\u0307" not in same_name_key(one)


def test_a_same_name_key_still_keeps_other_letters_apart():
    assert same_name_key("Şəki") != same_name_key("Saki")
    assert same_name_key("Qubalı", "") != same_name_key("Qubalı", "North")
