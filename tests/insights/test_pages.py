import re

import pytest
from django.test import override_settings
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from memorial.insights.models import ArchiveNumbersPage

from ..factories import MemorialEntryPageFactory, PlaceFactory
from .conftest import died, hide

pytestmark = pytest.mark.django_db

TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.fixture
def places_archive(memorial_index, hidden_items):
    north = PlaceFactory(name="Orvella", latitude=41.5, longitude=48.0)
    south = PlaceFactory(name="Sandrevo", latitude=40.0, longitude=49.5)
    for _ in range(3):
        MemorialEntryPageFactory(
            parent=memorial_index, death_place=north, birth_place=south, **died(1942, 30)
        )
    return north, south


def test_the_numbers_page_belongs_under_the_home_page_once():
    assert ArchiveNumbersPage.parent_page_types == ["home.HomePage"]
    assert "insights.ArchiveNumbersPage" in HomePage.subpage_types
    assert ArchiveNumbersPage.max_count == 1
    WagtailPageTestCase().assertAllowedParentPageTypes(ArchiveNumbersPage, {HomePage})


def test_charts_are_accessible_svg_with_a_table(client, numbers_page, places_archive):
    html = client.get(numbers_page.url).content.decode()
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 4  # years, ages, death places, birth places (no testimonies)
    for svg in svgs:
        assert 'role="img"' in svg
        assert "aria-labelledby=" in svg
        assert "style=" not in svg
    assert html.count("<title id=") == 4 and html.count("<desc id=") == 4
    assert html.count("<table") == 4
    assert '<th scope="col">Year of death</th>' in html
    assert 'scope="row"' in html
    assert "<caption>People by year of death</caption>" in html
    assert "style=" not in html.split("<main", 1)[1]
    assert "No public testimonies yet." in html


def test_place_rows_link_to_the_people_counted(client, numbers_page, places_archive):
    north, _south = places_archive
    html = client.get(numbers_page.url).content.decode()
    assert f'href="{numbers_page.url}places/{north.pk}/?role=died"' in html


def test_hidden_entries_are_not_on_the_numbers_page(client, numbers_page, places_archive):
    html = client.get(numbers_page.url).content.decode()
    assert "Hiddenplace" not in html
    assert ">1999<" not in html
    assert "Ukrainian" not in html


def test_an_empty_archive_says_so(client, numbers_page, hidden_items):
    html = client.get(numbers_page.url).content.decode()
    assert "No public entries yet." in html
    assert "<svg" not in html
    map_html = client.get(numbers_page.url + "map/").content.decode()
    assert "No places with coordinates yet." in map_html


@override_settings(MAP_TILE_URL="")
def test_the_map_without_tiles_is_a_local_drawing(client, numbers_page, places_archive):
    north, south = places_archive
    response = client.get(numbers_page.url + "map/")
    html = response.content.decode()
    assert response.status_code == 200
    main = html.split("<main", 1)[1]
    assert "://" not in main  # nothing from another site, not even a link
    assert "data-tile-url" not in html and "place_map.js" not in html
    assert html.count("<circle") == 2
    assert f'href="{numbers_page.url}places/{north.pk}/"' in html
    assert "<caption>Places and the people recorded there</caption>" in html
    assert "Hiddenplace" not in html


@override_settings(MAP_TILE_URL=TILES)
def test_the_map_with_tiles_hands_the_address_to_the_script(client, numbers_page, places_archive):
    html = client.get(numbers_page.url + "map/").content.decode()
    assert f'data-tile-url="{TILES}"' in html
    assert "place_map.js" in html
    assert html.count("<circle") == 2  # the drawing stays for visitors without JavaScript


def test_the_numbers_page_links_to_the_map(client, numbers_page, places_archive):
    assert f'href="{numbers_page.url}map/"' in client.get(numbers_page.url).content.decode()


def test_a_place_lists_only_its_public_people(client, numbers_page, places_archive, memorial_index):
    north, south = places_archive
    hidden = MemorialEntryPageFactory(
        parent=memorial_index, given_name="Zorvathhidden", death_place=north
    )
    hide(hidden, "staff")
    html = client.get(f"{numbers_page.url}places/{north.pk}/").content.decode()
    assert html.count('class="entry-card"') == 3
    assert "Zorvathhidden" not in html
    born = client.get(f"{numbers_page.url}places/{north.pk}/?role=born").content.decode()
    assert "No public entries name this place yet." in born


@pytest.mark.parametrize("address", ["places/999999/", "places/abc/", "nothing/"])
def test_unknown_places_and_addresses_are_not_found(client, numbers_page, address):
    assert client.get(numbers_page.url + address).status_code == 404


def test_a_bad_page_number_falls_back(client, numbers_page, places_archive):
    north, _ = places_archive
    response = client.get(f"{numbers_page.url}places/{north.pk}/?page=zz&role=<b>")
    assert response.status_code == 200


def test_the_numbers_page_takes_few_queries(
    client, numbers_page, places_archive, django_assert_max_num_queries
):
    client.get(numbers_page.url)  # fill the caches (menu, numbers)
    with django_assert_max_num_queries(12):  # routing, settings, menu; numbers from cache
        assert client.get(numbers_page.url).status_code == 200


@pytest.mark.parametrize("language", ["az", "ru"])
@override_settings(MAP_TILE_URL=TILES)
def test_geometry_keeps_a_decimal_point_in_every_language(
    client, numbers_page, places_archive, language
):
    """Azerbaijani and Russian write decimals with a comma; SVG and the map script read dots."""
    numbers = client.get(f"/{language}{numbers_page.url}").content.decode()
    drawn = client.get(f"/{language}{numbers_page.url}map/").content.decode()
    number_attribute = re.compile(
        r'\b(?:x|y|cx|cy|r|width|height|viewBox|data-lat|data-lon)="([^"]*)"'
    )
    values = number_attribute.findall(numbers) + number_attribute.findall(drawn)
    assert values
    assert not [value for value in values if re.search(r"\d,\d", value)]
    bounds = re.search(r'data-bounds="([^"]*)"', drawn).group(1)
    assert len(bounds.split(",")) == 4 and all(
        re.fullmatch(r"-?\d+(\.\d+)?", part) for part in bounds.split(",")
    )
    assert re.search(r'<rect class="chart__bar"[^>]*width="\d+(\.\d+)?"', numbers)


def test_the_map_counts_people_not_births_and_deaths(client, numbers_page, memorial_index):
    town = PlaceFactory(name="Velmora", latitude=41.5, longitude=48.0)
    MemorialEntryPageFactory(parent=memorial_index, birth_place=town, death_place=town)
    html = client.get(numbers_page.url + "map/").content.decode()
    assert "<title>Velmora: 1</title>" in html  # one person, as the place's own page lists


PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """A front-end cache that only writes down what it was asked to purge."""

    def purge(self, url):
        PURGED.append(url)


def test_closing_a_person_purges_the_numbers_the_map_and_their_places(
    settings, numbers_page, memorial_index
):
    """The numbers, the map and each place's list show every public person: a proxy must
    not keep showing one who was closed."""
    from urllib.parse import urlsplit

    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": f"{__name__}.RecordingBackend"}}
    born, died_in = PlaceFactory(), PlaceFactory()
    person = MemorialEntryPageFactory(parent=memorial_index, birth_place=born, death_place=died_in)
    PURGED.clear()
    person.access_level = "staff"
    person.save_revision().publish()
    paths = {urlsplit(url).path for url in PURGED}
    numbers = numbers_page.url
    for path in (numbers, f"{numbers}map/", f"{numbers}places/{born.pk}/"):
        for language in ("", "/az", "/ru"):
            assert language + path in paths, (language, path)
    assert f"{numbers}places/{died_in.pk}/" in paths
