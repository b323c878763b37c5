"""Facet counts and filters over the people a name search finds."""

import datetime

import pytest

from memorial.galleries.models import GalleryPersonShown
from search.queries import SearchQuery

from ..factories import (
    ArchiveImageFactory,
    GalleryPageFactory,
    MemorialIndexPageFactory,
    PlaceFactory,
    TestimonyMentionFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
)

pytestmark = pytest.mark.django_db


def run(**params):
    return SearchQuery.from_params({"q": "Tessaro", **params})


@pytest.fixture
def archive(person, home, testimony_index, gallery_index):
    north, south = PlaceFactory(name="Northvale"), PlaceFactory(name="Southmere")
    second = MemorialIndexPageFactory(parent=home, title="Second list", slug="second")

    def born(year):
        return {"birth_date": datetime.date(year, 1, 1), "birth_date_precision": "year"}

    people = {
        "a": person("Tessaro", birth_place=north, death_place=north, **born(1921)),
        "b": person("Tessaro", birth_place=north, death_place=south, **born(1925)),
        "c": person("Tessaro", birth_place=south, **born(1933)),
        "d": person("Тессаро", parent=second, portrait=ArchiveImageFactory(), **born(1910)),
        "hidden": person("Tessaro", birth_place=north, access_level="staff", **born(1921)),
        "other": person("Okonkwo", birth_place=north, **born(1921)),
    }
    public = TestimonyPageFactory(parent=testimony_index)
    TestimonyMentionFactory(page=public, entry=people["a"], sort_order=0)
    closed = TestimonyPageFactory(parent=testimony_index, access_level="staff")
    TestimonyMentionFactory(page=closed, entry=people["b"], sort_order=0)
    gallery = GalleryPageFactory(parent=gallery_index)
    GalleryPersonShown.objects.create(
        gallery=gallery, entry=people["c"], image=ArchiveImageFactory(), position=0
    )
    return {"north": north, "south": south, "second": second, **people}


def values(facet):
    return {item.label: item.count for item in facet}


def test_counts_cover_the_public_matches_only(archive):
    facets = run().facets
    assert facets.total == 4
    assert values(facets.birth_places) == {"Northvale": 2, "Southmere": 1}
    assert values(facets.death_places) == {"Northvale": 1, "Southmere": 1}
    assert values(facets.birth_decades) == {"1910–1919": 1, "1920–1929": 2, "1930–1939": 1}
    assert values(facets.collections) == {"Names": 3, "Second list": 1}
    # a portrait or a public photograph; a public testimony (the staff-only one does not count)
    assert (facets.with_photo, facets.with_testimony) == (2, 1)


def test_filters_narrow_results_and_counts_together(archive):
    query = run(birth_place=str(archive["north"].pk))
    assert set(query.entry_window(0)[1]) == {archive["a"], archive["b"]}
    assert query.facets.total == 2
    assert values(query.facets.death_places) == {"Northvale": 1, "Southmere": 1}

    assert list(run(born_from="1930", born_to="1939").entry_window(0)[1]) == [archive["c"]]
    assert list(run(collection=str(archive["second"].pk)).entry_window(0)[1]) == [archive["d"]]
    assert set(run(has_photo="1").entry_window(0)[1]) == {archive["c"], archive["d"]}
    assert list(run(has_testimony="1").entry_window(0)[1]) == [archive["a"]]


def test_filters_apply_to_people_only(archive, testimony_index):
    TestimonyPageFactory(parent=testimony_index, title="Tessaro remembered")
    assert run().testimonies.count() == 1
    assert run(has_photo="1").testimonies.count() == 0


def test_bad_filter_values_are_reported_and_ignored(client, archive):
    query = run(born_from="nineteen", birth_place="-3", died_to="99999")
    assert query.facets.total == 4
    assert len(query.filters.errors) == 3
    html = client.get("/search/", {"q": "Tessaro", "born_from": "nineteen"}).content.decode()
    assert "must be a year such as 1942" in html


def test_sorting_by_name_and_by_date(person):
    def died(year):
        return {"death_date": datetime.date(year, 5, 1), "death_date_precision": "day"}

    late = person("Tessaro", given="Aurel", **died(1944))
    early = person("Tessaro", given="Zora", **died(1941))
    unknown = person("Tessaro", given="Mira", death_date=None, death_date_precision="unknown")
    exact = person("Тессаро", given="Bela", **died(1943))
    assert run(sort="name").entry_window(0)[1] == [late, exact, unknown, early]
    assert run(sort="date").entry_window(0)[1] == [early, exact, late, unknown]
    assert run().entry_window(0)[1][:3] == [late, unknown, early]  # exact spelling first


def test_the_page_shows_facets_as_links(client, archive):
    html = client.get("/search/", {"q": "Tessaro"}).content.decode()
    assert f"birth_place={archive['north'].pk}" in html
    assert "Northvale" in html and "1920–1929" in html


@pytest.mark.parametrize("language", ["az", "ru"])
def test_decades_read_the_same_in_every_language(client, archive, language):
    """Years, not the English '1920s' on an Azerbaijani or Russian page."""
    html = client.get(f"/{language}/search/", {"q": "Tessaro"}).content.decode()
    assert "1920–1929" in html and "1920s" not in html


def test_filters_can_be_removed_and_years_kept_in_the_form(client, archive):
    html = client.get(
        "/search/",
        {"q": "Tessaro", "birth_place": archive["north"].pk, "born_from": "1920", "sort": "name"},
    ).content.decode()
    assert 'href="/search/?q=Tessaro&amp;sort=name">Remove all filters' in html
    assert 'name="born_from" inputmode="numeric" pattern="[0-9]{1,4}" size="5" value="1920"' in html
    years_form = html.split('class="facet facet--years"', 1)[1].split("</form>", 1)[0]
    assert f'<input type="hidden" name="birth_place" value="{archive["north"].pk}">' in years_form
    assert '<input type="hidden" name="born_from"' not in years_form


def test_a_person_named_in_a_passage_has_a_testimony_unless_the_passage_is_withheld(archive):
    from memorial.testimonies.models import TestimonyPage

    public = TestimonyPage.objects.filter(access_level="public").first()
    named = TranscriptSegmentFactory(page=public, start_seconds=10)
    named.people.add(archive["c"])
    named.save()  # a ParentalManyToManyField is written on save
    withheld = TranscriptSegmentFactory(
        page=public, start_seconds=20, withheld=True, withheld_reason="private"
    )
    withheld.people.add(archive["d"])
    withheld.save()
    assert set(run(has_testimony="1").entry_window(0)[1]) == {archive["a"], archive["c"]}
    assert run().facets.with_testimony == 2
