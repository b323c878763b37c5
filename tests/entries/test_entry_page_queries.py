"""An entry page's queries do not grow with what it shows: 3 of everything or 12 cost the same.

Drawn uncached (an empty cache: no stored page, no fragment, no rendition), as a visitor
gets a person's page after a change, and as `make bench-load` measures it.
"""

import datetime
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from memorial.core.dates import DatePrecision
from memorial.remembrances.models import RemembrancePage, RemembrancePhoto

from ..factories import (
    ArchiveImageFactory,
    GalleryPageFactory,
    MemorialEntryPageFactory,
    NameVariantFactory,
    PlaceFactory,
    RelationshipFactory,
    SourceFactory,
    TestimonyMentionFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
    gallery_items,
)

pytestmark = pytest.mark.django_db


def event(number, place):
    return {
        "type": "event",
        "value": {
            "date": f"{1925 + number}-01-01",
            "precision": "year",
            "title": f"Fictional event {number}",
            "description": "",
            "place": place.pk,
        },
    }


def entry_with(n, memorial_index, testimony_index, gallery_index):
    """A person with n relatives on each side, n photographs, n places in the story, n
    sources, n spellings, n testimonies naming them (one at a moment) and n remembrances
    with a photograph each."""
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="Sevinc",
        family_name=f"Orvalen{n}",
        portrait=ArchiveImageFactory(),
        birth_date=datetime.date(1920, 3, 4),
        birth_date_precision=DatePrecision.DAY,
        birth_place=PlaceFactory(),
        death_place=PlaceFactory(),
        biography=[
            {"type": "paragraph", "value": "<p>A fictional life.</p>"},
            *[event(number, PlaceFactory()) for number in range(n)],
        ],
    )
    for number in range(n):
        SourceFactory(page=entry, citation=f"Fictional register {number}")
        NameVariantFactory(page=entry, name=f"Орвален {number}")
        relative = MemorialEntryPageFactory(
            parent=memorial_index, given_name=f"Kin{number}", birth_place=PlaceFactory()
        )
        RelationshipFactory(page=entry, related_entry=relative, relation="sibling")
        child = MemorialEntryPageFactory(parent=memorial_index, given_name=f"Child{number}")
        RelationshipFactory(page=child, related_entry=entry, relation="parent")
        testimony = TestimonyPageFactory(parent=testimony_index)
        TestimonyMentionFactory(page=testimony, entry=entry)
        TranscriptSegmentFactory(page=testimony, people=[entry])
        remembrance = entry.add_child(
            instance=RemembrancePage(title=f"R{number}", slug=f"r{number}", text="Fictional.")
        )
        RemembrancePhoto.objects.create(page=remembrance, image=ArchiveImageFactory())
    photographs = [ArchiveImageFactory() for _ in range(n)]
    GalleryPageFactory(parent=gallery_index, items=gallery_items(photographs, [entry]))
    return entry


def uncached_query_list(client, url) -> list[str]:
    client.get(url)  # the renditions are made once,
    cache.clear()  # then the page is drawn with nothing kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def uncached_queries(client, url) -> int:
    return len(uncached_query_list(client, url))


def test_the_queries_of_an_entry_page_do_not_grow_with_its_content(
    client, memorial_index, testimony_index, gallery_index
):
    few = entry_with(3, memorial_index, testimony_index, gallery_index)
    many = entry_with(12, memorial_index, testimony_index, gallery_index)

    html = client.get(many.url).content.decode()
    for shown in ("Kin11", "Child11", "Fictional register 11", "Орвален 11", "Fictional event 11"):
        assert shown in html, shown
    assert uncached_queries(client, many.url) == uncached_queries(client, few.url)


def first_table(sql: str) -> str:
    found = re.search(r'FROM "(\w+)"', sql)
    return found.group(1) if found else ""


def test_an_uncached_entry_page_reads_each_thing_once(
    client, memorial_index, testimony_index, gallery_index
):
    """The spellings (the page and its JSON-LD), the places (the facts, the social card, the
    timeline), whether the page is public (its social card, then the page cache) and the
    view restrictions (Wagtail's check, then the privacy rules) were each read twice or more."""
    entry = entry_with(3, memorial_index, testimony_index, gallery_index)
    queries = uncached_query_list(client, entry.url)
    tables = Counter(first_table(sql) for sql in queries)
    for table in ("entries_entrynamevariant", "entries_place", "wagtailcore_pageviewrestriction"):
        assert tables[table] == 1, (table, tables[table])
    asked_whether_public = [sql for sql in queries if sql.startswith("SELECT 1 AS")]
    assert len(asked_whether_public) == 1, asked_whether_public
