"""The admin's searches take any text (memorial.core.search_backend)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from ..factories import MemorialEntryPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

QUOTED = ['"', 'a"b', '"Tessaro', 'Tessaro"', '"Ilmar Tessaro"', '""', "O'Quinn \"x"]


@pytest.mark.parametrize("text", QUOTED)
def test_admin_searches_take_double_quotes(admin_client, memorial_index, home, text):
    MemorialEntryPageFactory(parent=memorial_index, given_name="Ilmar", family_name="Tessaro")
    addresses = [
        reverse("wagtailadmin_explore", args=[memorial_index.pk]),
        reverse("wagtailadmin_choose_page_search"),
        reverse("wagtailadmin_pages:search"),
        "/admin/memorial_entries/",
    ]
    for address in addresses:
        assert admin_client.get(address, {"q": text}).status_code == 200, address


def test_a_quoted_word_still_finds_its_page(home):
    StandardPageFactory(parent=home, title="Quellmarin visits", slug="visits")
    found = Page.objects.search('"Quellmarin"', operator="and")
    assert [page.title for page in found] == ["Quellmarin visits"]
    assert list(Page.objects.search('Quell"marin')) is not None  # answered, not an error


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's index keeps title norms"
)


def norm_updates(queries):
    return [q["sql"] for q in queries if q["sql"].startswith('UPDATE "wagtailsearch_indexentry"')]


@on_postgresql
def test_indexing_a_page_normalises_its_own_row_without_scanning_the_index(home):
    StandardPageFactory(parent=home, title="Quellmarin visits", slug="visits")
    with CaptureQueriesContext(connection) as queries:
        page = StandardPageFactory(parent=home, title="Velmora letters home", slug="letters")
    averages = [q["sql"] for q in queries if "AVG(" in q["sql"]]
    updates = norm_updates(queries.captured_queries)
    assert averages == []  # the average was kept from the first page's indexing
    assert updates and all('"object_id" IN' in sql for sql in updates), updates
    norms = IndexEntry.objects.filter(object_id=str(page.pk)).values_list("title_norm", flat=True)
    assert norms and 1.0 not in norms


@on_postgresql
def test_a_rebuild_still_normalises_every_row(home):
    StandardPageFactory(parent=home, title="Quellmarin visits", slug="visits")
    StandardPageFactory(parent=home, title="Letters home from the Velmora uplands", slug="letters")
    IndexEntry.objects.update(title_norm=1.0)
    call_command("update_index", stdout=io.StringIO())
    assert not IndexEntry.objects.filter(title_norm=1.0).exclude(title="").exists()
