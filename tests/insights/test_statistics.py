import datetime

import pytest

from memorial.core.dates import DatePrecision
from memorial.insights.statistics import archive_numbers, compute_numbers

from ..factories import (
    MemorialEntryPageFactory,
    PlaceFactory,
    TestimonyLanguageFactory,
    TestimonyPageFactory,
)
from .conftest import died

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_archive(memorial_index, testimony_index, hidden_items):
    north = PlaceFactory(name="Orvella", latitude=41.5, longitude=48.0)
    south = PlaceFactory(name="Sandrevo", latitude=40.0, longitude=49.5)
    nowhere = PlaceFactory(name="Ulmaren")  # no coordinates
    for args in (
        died(1941, 5, death_place=north, birth_place=south),
        died(1941, 34, death_place=north, birth_place=south),
        died(1942, 81, death_place=south, birth_place=nowhere),
        died(1942, death_place=north),
    ):
        MemorialEntryPageFactory(parent=memorial_index, **args)
    MemorialEntryPageFactory(
        parent=memorial_index,
        death_date=None,
        death_date_precision=DatePrecision.UNKNOWN,
        birth_date=datetime.date(1930, 1, 1),
    )
    for languages in (["az", "ru"], ["az"], ["en"]):
        testimony = TestimonyPageFactory(parent=testimony_index)
        for code in languages:
            TestimonyLanguageFactory(page=testimony, language=code)
    return {"north": north, "south": south, "nowhere": nowhere, "memorial_index": memorial_index}


def counts(rows):
    return {row.label: row.count for row in rows}


def test_entries_are_counted_by_year_of_death(small_archive):
    numbers = compute_numbers()
    assert numbers.entry_count == 5
    assert counts(numbers.death_years) == {"1941": 2, "1942": 2}
    assert numbers.death_year_unknown == 1


def test_a_circa_year_of_death_is_counted_apart_from_the_exact_year(small_archive):
    MemorialEntryPageFactory(
        parent=small_archive["memorial_index"],
        death_date=datetime.date(1942, 1, 1),
        death_date_precision=DatePrecision.APPROXIMATE,
    )
    rows = compute_numbers().death_years
    assert [(row.label, row.count) for row in rows] == [("1941", 2), ("1942", 2), ("c. 1942", 1)]


def test_entries_are_counted_in_age_bands(small_archive):
    bands = counts(compute_numbers().age_bands)
    assert bands["0–9"] == 1
    assert bands["30–39"] == 1
    assert bands["80 and over"] == 1
    assert bands["Age not known"] == 2
    assert sum(bands.values()) == 5


def test_places_are_counted_most_frequent_first(small_archive):
    numbers = compute_numbers()
    assert [(row.label, row.count) for row in numbers.death_places] == [
        ("Orvella", 3),
        ("Sandrevo", 1),
    ]
    assert numbers.death_places[0].place_id == small_archive["north"].pk
    assert counts(numbers.birth_places) == {"Sandrevo": 2, "Ulmaren": 1}


def test_the_map_has_only_places_with_coordinates(small_archive):
    places = {place.name: place for place in compute_numbers().map_places}
    assert set(places) == {"Orvella", "Sandrevo"}
    assert (places["Orvella"].births, places["Orvella"].deaths) == (0, 3)
    assert (places["Sandrevo"].births, places["Sandrevo"].deaths) == (2, 1)


def test_testimonies_are_counted_by_language(small_archive):
    numbers = compute_numbers()
    assert numbers.testimony_count == 3
    assert counts(numbers.languages) == {"Azerbaijani": 2, "Russian": 1, "English": 1}


def test_hidden_entries_and_testimonies_are_never_counted(memorial_index, hidden_items):
    numbers = compute_numbers()
    assert numbers.entry_count == 0
    assert numbers.testimony_count == 0
    assert numbers.death_years == numbers.map_places == numbers.languages == []


def test_hidden_items_leave_no_trace_beside_public_ones(small_archive):
    numbers = compute_numbers()
    every_label = [row.label for row in numbers.death_places + numbers.birth_places]
    assert not any(label.startswith("Hiddenplace") for label in every_label)
    assert "1999" not in counts(numbers.death_years)
    assert "Ukrainian" not in counts(numbers.languages)
    assert not any(place.name.startswith("Hiddenplace") for place in numbers.map_places)


def test_the_numbers_take_a_bounded_number_of_queries(
    small_archive, memorial_index, django_assert_max_num_queries
):
    for year in range(1900, 1960):
        place = PlaceFactory(latitude=40, longitude=year / 100)
        MemorialEntryPageFactory(parent=memorial_index, death_place=place, **died(year, 30))
    with django_assert_max_num_queries(16):
        compute_numbers()


def test_the_numbers_are_kept_until_the_archive_changes(
    small_archive, memorial_index, django_assert_num_queries
):
    first = archive_numbers()
    with django_assert_num_queries(0):
        assert archive_numbers() == first
    MemorialEntryPageFactory(parent=memorial_index, **died(1941, 20))
    assert archive_numbers().entry_count == first.entry_count + 1


def test_a_person_born_and_died_in_one_place_is_one_person_on_the_map(memorial_index):
    town = PlaceFactory(name="Orvella", latitude=41.5, longitude=48.0)
    MemorialEntryPageFactory(parent=memorial_index, birth_place=town, death_place=town)
    MemorialEntryPageFactory(parent=memorial_index, death_place=town)
    (place,) = compute_numbers().map_places
    assert (place.births, place.deaths, place.people) == (1, 2, 2)


def test_a_place_on_the_map_has_all_its_counts_when_places_are_many(memorial_index, monkeypatch):
    """Only the MAP_PLACES places with most people are drawn; each with every birth and death."""
    monkeypatch.setattr("memorial.insights.statistics.MAP_PLACES", 1)
    north = PlaceFactory(name="Orvella", latitude=41.5, longitude=48.0)
    south = PlaceFactory(name="Sandrevo", latitude=40.0, longitude=49.5)
    for _ in range(3):
        MemorialEntryPageFactory(parent=memorial_index, death_place=north)
    MemorialEntryPageFactory(parent=memorial_index, birth_place=north)
    for _ in range(2):
        MemorialEntryPageFactory(parent=memorial_index, birth_place=south)
    (place,) = compute_numbers().map_places
    assert (place.name, place.births, place.deaths, place.people) == ("Orvella", 1, 3, 4)
