import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from ..factories import MemorialEntryPageFactory, StandardPageFactory, TestimonyPageFactory

pytestmark = pytest.mark.django_db


def test_home_counts_and_lists_only_public_items(client, home, memorial_index, testimony_index):
    MemorialEntryPageFactory(parent=memorial_index, given_name="Shownname")
    MemorialEntryPageFactory(parent=memorial_index, given_name="Draftname", live=False)
    TestimonyPageFactory(parent=testimony_index, title="Shown account")
    TestimonyPageFactory(parent=testimony_index, title="Closed account", access_level="staff")
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["entry_count"] == 1
    assert response.context["testimony_count"] == 1
    html = response.content.decode()
    assert "Shownname" in html and "Draftname" not in html
    assert "Shown account" in html and "Closed account" not in html
    assert 'action="/search/"' in html


def test_standard_page_renders(client, home):
    page = StandardPageFactory(
        parent=home,
        intro="Why we keep names.",
        body=[{"type": "paragraph", "value": "<p>Care.</p>"}],
    )
    html = client.get(page.url).content.decode()
    assert "Why we keep names." in html and "Care." in html


def test_unknown_address_gets_the_archive_404(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<main" in response.content.decode()


def test_500_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert "<html" in html


@pytest.mark.parametrize(("language", "home_path"), [("en", "/"), ("az", "/az/"), ("ru", "/ru/")])
@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_error_pages_link_the_home_page_in_their_language(template, language, home_path):
    with translation.override(language):
        html = render_to_string(template, {"retry_after_minutes": 1})
    assert f'<html lang="{language}">' in html
    assert f'<a href="{home_path}">' in html


def test_a_server_error_under_a_language_links_that_languages_home(home, monkeypatch):
    from search import views

    def broken(request):
        raise RuntimeError("a fault in the search")

    monkeypatch.setattr(views.SearchQuery, "from_request", broken)
    with translation.override("en"):  # the request leaves Azerbaijani active otherwise
        response = Client(raise_request_exception=False).get("/az/search/", {"q": "x"})
    assert response.status_code == 500
    assert '<a href="/az/">Ana səhifəyə keçin</a>' in response.content.decode()


def test_memorial_index_browses_a_to_z_and_paginates(client, memorial_index, settings):
    settings.ARCHIVE_ENTRIES_PER_PAGE = 2
    for given, family in [("A", "Mamedov"), ("B", "Мамедова"), ("C", "Mirza"), ("D", "Zorin")]:
        MemorialEntryPageFactory(parent=memorial_index, given_name=given, family_name=family)
    page_m = client.get(memorial_index.url, {"letter": "M"})
    assert [e.family_name for e in page_m.context["entries_page"]] == ["Mamedov", "Мамедова"]
    page_m2 = client.get(memorial_index.url, {"letter": "M", "page": 2})
    assert [e.family_name for e in page_m2.context["entries_page"]] == ["Mirza"]
    assert client.get(memorial_index.url, {"letter": "Q"}).status_code == 200
    assert client.get(memorial_index.url, {"page": "999"}).status_code == 200
    assert client.get(memorial_index.url, {"letter": "<script>"}).status_code == 200


def test_page_steps_read_as_whole_phrases_in_russian(client, memorial_index, settings):
    """The visible "Назад"/"Вперёд" and the hidden rest are read as one link name: with one
    shared "страница" a screen reader said "Вперёд страница" (forward page)."""
    settings.ARCHIVE_ENTRIES_PER_PAGE = 1
    for given in ("A", "B", "C"):
        MemorialEntryPageFactory(parent=memorial_index, given_name=given)
    html = client.get(f"/ru{memorial_index.url}", {"page": 2}).content.decode()
    steps = re.findall(r'<a class="pagination__step"[^>]*>(.*?)</a>', html)
    assert [re.sub(r"<[^>]+>|[‹›]", "", step).strip() for step in steps] == [
        "Назад к предыдущей странице",
        "Вперёд к следующей странице",
    ]


def test_demo_notice_appears_only_when_switched_on(client, home):
    from home.models import ArchiveSettings

    banner = "fictional demonstration content"
    assert banner not in client.get("/").content.decode()
    notice = ArchiveSettings.load()
    notice.demo_notice = True
    notice.save()
    assert banner in client.get("/").content.decode()


def test_listings_cost_the_same_queries_for_few_or_many_cards(client, home, memorial_index):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..factories import ArchiveImageFactory

    def queries_for(url):
        client.get(url)  # make the renditions once,
        cache.clear()  # then measure without the rendition cache, as after a restart
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    MemorialEntryPageFactory(parent=memorial_index, portrait=ArchiveImageFactory())
    few = (queries_for(memorial_index.url), queries_for("/"))
    for _ in range(9):
        MemorialEntryPageFactory(parent=memorial_index, portrait=ArchiveImageFactory())
    assert (queries_for(memorial_index.url), queries_for("/")) == few


def test_the_menu_is_cached_until_the_archive_changes(rf, home, django_assert_num_queries):
    from memorial.core.templatetags.archive_tags import primary_nav
    from tests.factories import TestimonyIndexPageFactory

    def titles():
        return [item["title"] for item in primary_nav({"request": rf.get("/")})["items"]]

    TestimonyIndexPageFactory(parent=home, title="Listened accounts")
    assert "Listened accounts" in titles()
    with django_assert_num_queries(1):  # the site for the request; the menu comes from cache
        assert "Listened accounts" in titles()
    hidden = TestimonyIndexPageFactory(parent=home, title="Soon hidden")
    assert "Soon hidden" in titles()
    hidden.unpublish()
    assert "Soon hidden" not in titles()


def test_a_deep_listing_page_sorts_keys_not_whole_rows(client, memorial_index, settings):
    """Page 2,000 of a collection made the database sort every entry of it, biographies
    and all, to skip the first 96,000 (spilling 50 MB to disk at 100,000 entries): the
    skipping query reads keys only, and the page's rows are read by key, in order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.ARCHIVE_ENTRIES_PER_PAGE = 2
    for given in ("Ada", "Bela", "Cora", "Dina", "Esra"):
        MemorialEntryPageFactory(parent=memorial_index, given_name=given, family_name="Quell")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(memorial_index.url, {"page": 2})
    assert [entry.given_name for entry in response.context["entries_page"]] == ["Cora", "Dina"]
    skipping = [q["sql"] for q in captured if "OFFSET" in q["sql"]]
    assert len(skipping) == 1
    columns = skipping[0].split(" FROM ")[0]
    assert columns.count(",") == 0 and "page_ptr_id" in columns, columns
