"""What crawlers are told: robots.txt and the sitemap."""

import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page

from ..factories import (
    KeywordFactory,
    MemorialEntryPageFactory,
    PlaceFactory,
    StandardPageFactory,
    TestimonyIndexPageFactory,
    TestimonyPageFactory,
)
from ..hidden_states import HIDDEN_STATES, hide

pytestmark = pytest.mark.django_db


def robots_rules(response) -> list[tuple[str, str]]:
    rules = []
    for line in response.content.decode().splitlines():
        name, _, value = line.partition("#")[0].partition(":")
        if value.strip():
            rules.append((name.strip().lower(), value.strip()))
    return rules


def test_robots_txt_keeps_crawlers_to_the_public_pages(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    rules = robots_rules(response)
    assert ("user-agent", "*") in rules
    disallowed = {value for name, value in rules if name == "disallow"}
    for prefix in ("", "/az", "/ru"):
        assert f"{prefix}/search/?" in disallowed, prefix
        assert f"{prefix}/submit-a-name/" in disallowed, prefix
        assert f"{prefix}/research/" in disallowed, prefix
        assert f"{prefix}/e/*/candle/" in disallowed, prefix
    assert {"/admin/", "/api/", "/search/suggest/", "/i18n/", "/*/remember/"} <= disallowed
    assert "/" not in disallowed and "/search/" not in disallowed
    assert ("sitemap", "http://testserver/sitemap.xml") in rules


def test_robots_txt_names_the_sitemap_at_the_address_asked(client, home, settings):
    settings.ALLOWED_HOSTS = ["archive.example.org"]
    response = client.get("/robots.txt", HTTP_HOST="archive.example.org", secure=True)
    assert ("sitemap", "https://archive.example.org/sitemap.xml") in robots_rules(response)


# --- the sitemap, in every language -------------------------------------------------------


def translate(page, language, title, slug, live=True):
    translated = page.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True, alias=False
    )
    translated.title, translated.slug = title, slug
    translated.save()  # the draft's own address too, not only its revision's
    translated.save_revision()
    if live:
        translated.get_latest_revision().publish()
    translated.refresh_from_db()
    return translated


def sitemap_urls(client) -> dict[str, dict[str, str]]:
    """The path of each <loc> of the pages sitemap, with its alternates (hreflang → path)."""
    response = client.get("/sitemap-pages.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    found = {}
    for url in tree.findall("sm:url", SITEMAP_NS):
        alternates = {
            link.get("hreflang"): urlsplit(link.get("href")).path
            for link in url.findall("xhtml:link", SITEMAP_NS)
        }
        found[urlsplit(url.find("sm:loc", SITEMAP_NS).text).path] = alternates
    return found


SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
ALL_LANGUAGES = {"en", "az", "ru", "x-default"}


def test_an_untranslated_page_is_listed_in_every_language(client, home):
    StandardPageFactory(parent=home, title="About the archive", slug="about")
    urls = sitemap_urls(client)
    expected = {
        "en": "/about/",
        "az": "/az/about/",
        "ru": "/ru/about/",
        "x-default": "/about/",
    }
    for location in ("/about/", "/az/about/", "/ru/about/"):
        assert urls[location] == expected, location


def test_a_translated_page_is_listed_at_its_translations_address(client, home):
    about = StandardPageFactory(parent=home, title="About the archive", slug="about")
    translate(about, "az", "Arxiv haqqında", slug="haqqinda")
    urls = sitemap_urls(client)
    assert "/az/about/" not in urls
    alternates = urls["/az/haqqinda/"]
    assert alternates["az"] == "/az/haqqinda/"
    assert alternates["en"] == "/about/"
    assert alternates["ru"] == "/ru/about/"
    assert urls["/about/"] == alternates == urls["/ru/about/"]


@pytest.mark.parametrize("state", ["draft", "private"])
def test_a_translation_visitors_may_not_read_is_not_listed(client, home, state):
    about = StandardPageFactory(parent=home, title="About the archive", slug="about")
    hidden = translate(about, "az", "Gizli", slug="gizli", live=state != "draft")
    if state == "private":
        hide(hidden, "private")
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "/gizli/" not in sitemap
    assert "/ru/about/" in sitemap_urls(client)  # the other languages remain


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_hidden_entry_is_listed_in_no_language(client, home, memorial_index, state):
    shown = MemorialEntryPageFactory(parent=memorial_index, slug="shown-person")
    hidden = MemorialEntryPageFactory(parent=memorial_index, slug="hidden-person")
    if state == "withdrawn":
        hidden = TestimonyPageFactory(parent=TestimonyIndexPageFactory(parent=home))
    hide(hidden, state)
    urls = sitemap_urls(client)
    for prefix in ("", "/az", "/ru"):
        assert f"{prefix}{shown.url}" in urls
        assert f"{prefix}{hidden.url}" not in urls
    assert not any(f"/{hidden.slug}/" in url for url in urls)


def test_the_sitemap_reads_the_same_number_of_queries_for_2_or_12_pages(client, home):
    pages = [
        StandardPageFactory(parent=home, title=f"Page {n}", slug=f"page-{n}") for n in range(2)
    ]
    translate(pages[0], "az", "Səhifə", slug="sehife-0")

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/sitemap-pages.xml").status_code == 200
        return len(captured)

    few = queries()
    for n in range(2, 12):
        page = StandardPageFactory(parent=home, title=f"Page {n}", slug=f"page-{n}")
        if n % 3 == 0:
            translate(page, "ru", "Страница", slug=f"stranitsa-{n}")
    assert len(sitemap_urls(client)) > 30
    assert queries() == few


def index_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/sitemap.xml").status_code == 200
    return len(captured)


def test_the_sitemap_index_dates_itself_without_reading_every_page(client, home, memorial_index):
    """The index is asked for first by every crawler: Django's default dated it by building
    every public page of the archive (one query per page type, and all the pages in
    memory), half a minute at 100,000 entries."""
    StandardPageFactory(parent=home, title="About the archive", slug="about")
    few = index_queries(client)
    TestimonyPageFactory(parent=TestimonyIndexPageFactory(parent=home))
    for n in range(3):
        MemorialEntryPageFactory(parent=memorial_index, slug=f"person-{n}")
    translate(StandardPageFactory(parent=home, slug="later"), "az", "Sonrakı", slug="sonraki")
    assert index_queries(client) == few


def test_a_sitemap_file_lists_a_bounded_number_of_pages(client, home, monkeypatch):
    """Each file is drawn in one request: 10,000 pages in every language made 15 MB in
    16 s at 100,000 entries. Files of 1,000 pages keep a request to about 2 s and the index
    lists as many as the archive needs (a million entries: 1,000 of the 50,000 it may)."""
    from memorial.core import sitemap

    assert sitemap.URLS_PER_FILE // len(settings.LANGUAGES) <= 1000
    monkeypatch.setattr(sitemap, "URLS_PER_FILE", 2 * len(settings.LANGUAGES))
    for n in range(4):  # with the home page, 5 pages: 3 files of 2, 2 and 1
        StandardPageFactory(parent=home, title=f"Page {n}", slug=f"page-{n}")
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    files = [urlsplit(loc.text) for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert [part.query for part in files] == ["", "p=2", "p=3"]
    listed = []
    for part in files:
        tree = ElementTree.fromstring(client.get(f"{part.path}?{part.query}").content)
        listed += [loc.text for loc in tree.findall("sm:url/sm:loc", SITEMAP_NS)]
    assert len(listed) == len(set(listed)) == 5 * len(settings.LANGUAGES)
    assert client.get("/sitemap-pages.xml?p=4").status_code == 404


def lastmods(client) -> dict[str, str]:
    """The <lastmod> of each address of the pages sitemap, by path."""
    tree = ElementTree.fromstring(client.get("/sitemap-pages.xml").content)
    return {
        urlsplit(url.find("sm:loc", SITEMAP_NS).text).path: url.find("sm:lastmod", SITEMAP_NS).text
        for url in tree.findall("sm:url", SITEMAP_NS)
    }


def test_a_renamed_place_or_keyword_dates_the_pages_that_show_it(client, home, memorial_index):
    """Renamed, a place or keyword changes the pages naming it without publishing them:
    their <lastmod>, and the index's, move as their OAI-PMH datestamps do."""
    place = PlaceFactory(name="Oldmarkvale", region="Fictional Uplands")
    keyword = KeywordFactory(name="Orchards")
    born_there = MemorialEntryPageFactory(parent=memorial_index, birth_place=place)
    elsewhere = MemorialEntryPageFactory(parent=memorial_index, slug="born-elsewhere")
    testimony = TestimonyPageFactory(parent=TestimonyIndexPageFactory(parent=home))
    testimony.keywords.set([keyword])
    testimony.save_revision().publish()
    long_ago = datetime.datetime(2020, 1, 2, tzinfo=datetime.UTC)
    Page.objects.update(last_published_at=long_ago, latest_revision_created_at=long_ago)
    cache.clear()
    assert client.get("/sitemap.xml").content.decode().count("2020-01-02") == 1

    place.name = "Newmarkvale"
    place.save()
    keyword.name = "Orchards and gardens"
    keyword.save()

    cache.clear()
    today = timezone.now().date().isoformat()
    dates = lastmods(client)
    for prefix in ("", "/az", "/ru"):
        assert dates[prefix + born_there.url] == today
        assert dates[prefix + testimony.url] == today
        assert dates[prefix + elsewhere.url] == "2020-01-02"
    assert today in client.get("/sitemap.xml").content.decode()
