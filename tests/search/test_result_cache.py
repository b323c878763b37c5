"""Search results are cached until the public archive changes, and never show a hidden row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from memorial.core.changes import mark_archive_changed
from memorial.entries.models import MemorialEntryPage
from search.queries import SearchQuery

pytestmark = pytest.mark.django_db


def people(q="Varnholt"):
    return [entry.title for entry in SearchQuery.from_params({"q": q}).first_window[1]]


def test_a_repeated_search_is_answered_from_the_cache(person):
    person("Varnholt")
    people()
    with CaptureQueriesContext(connection) as repeated:
        assert people() == ["Tamar Varnholt"]
    # Only the rows shown are read again (through public_pages); no ranking or counting.
    assert not any("WITH matched" in query["sql"] for query in repeated.captured_queries)


def test_publishing_and_unpublishing_make_cached_results_stale(person):
    first = person("Varnholt")
    assert people() == ["Tamar Varnholt"]
    second = person("Varnholt", given="Ilse")
    assert sorted(people()) == ["Ilse Varnholt", "Tamar Varnholt"]
    second.unpublish()
    assert people() == ["Tamar Varnholt"]
    PageViewRestriction.objects.create(page=first, restriction_type="password", password="x")
    assert people() == []


def test_a_stale_cache_never_shows_a_person_who_was_closed_without_a_signal(person):
    entry = person("Varnholt")
    assert people() == ["Tamar Varnholt"]
    # A bulk update sends no signal: the cached ids are stale, the rows shown are not.
    MemorialEntryPage.objects.filter(pk=entry.pk).update(access_level="staff")
    assert people() == []
    mark_archive_changed()
    assert SearchQuery.from_params({"q": "Varnholt"}).facets.total == 0
