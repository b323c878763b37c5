import pytest

from memorial.core.names import fold, full_name, initial_of, sort_key


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
