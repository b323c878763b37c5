"""OAI-PMH datestamps are stored, equal to what they are computed from after every change,
and a harvest page costs the same number of queries however many records there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from wagtail.models import PageViewRestriction

from memorial.core.lifecycle import lift_expired_embargoes
from memorial.entries.models import MemorialEntryPage
from memorial.records.ingest import EntryImporter
from memorial.records.models import HarvestDatestamp
from memorial.records.oai import repository
from memorial.records.oai.datestamps import computed_datestamps
from memorial.testimonies.models import TestimonyPage

from ..bench.fictional_rows import fictional_records, write_csv
from ..factories import (
    GalleryPageFactory,
    KeywordFactory,
    MemorialEntryPageFactory,
    MemorialIndexPageFactory,
    PlaceFactory,
    TestimonyMentionFactory,
    TestimonyPageFactory,
)

pytestmark = pytest.mark.django_db

NS = {"oai": "http://www.openarchives.org/OAI/2.0/"}
LIST = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}
T0 = datetime.datetime(2024, 3, 1, 12, 0, 0, tzinfo=datetime.UTC)
SINCE = {"from": "1970-01-01"}


def assert_stored_as_computed():
    """Every page of every harvested kind has its datestamp stored, as the expression that
    was read while harvesting (before it was stored) computes it."""
    for kind in repository.KINDS:
        pages = computed_datestamps(kind.model.objects.all(), kind)
        computed = dict(pages.values_list("pk", "computed_datestamp"))
        rows = HarvestDatestamp.objects.filter(kind=kind.name)
        assert dict(rows.values_list("page_id", "datestamp")) == computed, kind.name


def harvest(client, params=LIST):
    """A harvester's request: the ledger is brought up to date and the records written down."""
    response = client.get("/oai/", params)
    assert response.status_code == 200
    return etree.fromstring(response.content)


def stored(page):
    return HarvestDatestamp.objects.get(page_id=page.pk).datestamp


@pytest.fixture
def records(home, memorial_index, testimony_index, gallery_index):
    place = PlaceFactory(name="Velmora")
    entry = MemorialEntryPageFactory(
        parent=memorial_index, identifier="d-1", birth_place=place, last_published_at=T0
    )
    testimony = TestimonyPageFactory(parent=testimony_index, interview_place=place)
    TestimonyMentionFactory(page=testimony, entry=entry)
    keyword = KeywordFactory(name="Harvest songs")
    testimony.keywords.add(keyword)
    testimony.save()
    gallery = GalleryPageFactory(parent=gallery_index, title="Album")
    return {
        "place": place,
        "entry": entry,
        "testimony": testimony,
        "keyword": keyword,
        "gallery": gallery,
        "index": memorial_index,
    }


def test_pages_created_or_copied_have_their_datestamp_and_deleted_ones_lose_it(client, records):
    assert_stored_as_computed()
    assert stored(records["entry"]) == T0
    copy = records["gallery"].copy(update_attrs={"slug": "album-copy", "title": "Album copy"})
    assert HarvestDatestamp.objects.filter(page_id=copy.pk, kind="gallery").exists()
    records["gallery"].delete()
    assert not HarvestDatestamp.objects.filter(page_id=records["gallery"].pk).exists()
    assert_stored_as_computed()


def test_publishing_unpublishing_and_republishing_store_the_datestamp(client, records):
    harvest(client)
    entry = MemorialEntryPage.objects.get(pk=records["entry"].pk)
    entry.save_revision().publish()
    assert stored(entry) > T0
    assert_stored_as_computed()
    entry.save_revision()  # a draft: nothing a harvester sees
    assert_stored_as_computed()
    entry.unpublish()
    harvest(client)
    assert_stored_as_computed()
    MemorialEntryPage.objects.get(pk=entry.pk).save_revision().publish()
    harvest(client)
    assert_stored_as_computed()


def test_a_view_restriction_added_and_removed_reopens_with_the_stored_datestamp(client, records):
    harvest(client)
    restriction = PageViewRestriction.objects.create(
        page=records["entry"], restriction_type="login"
    )
    harvest(client)  # withdrawn, and the testimony naming the person dated
    assert_stored_as_computed()
    before = stored(records["entry"])
    restriction.delete()
    harvest(client)  # reopened
    assert stored(records["entry"]) > before
    assert_stored_as_computed()


def test_an_embargo_set_and_lifted_stores_the_datestamp(client, records):
    harvest(client)
    today = timezone.localdate()
    entry = MemorialEntryPage.objects.get(pk=records["entry"].pk)
    entry.embargo_until = today + datetime.timedelta(days=1)
    entry.save_revision().publish()
    assert_stored_as_computed()
    harvest(client)
    assert_stored_as_computed()

    lifted = lift_expired_embargoes(today=today + datetime.timedelta(days=2))
    assert [item.page.pk for item in lifted] == [entry.pk]
    assert_stored_as_computed()  # the date cleared by a queryset update
    harvest(client)  # and the section dated from its opening
    assert_stored_as_computed()


def test_a_mentioned_person_closed_dates_the_testimony_in_its_stored_datestamp(client, records):
    harvest(client)
    before = stored(records["testimony"])
    MemorialEntryPage.objects.get(pk=records["entry"].pk).unpublish()
    harvest(client)
    assert stored(records["testimony"]) > before
    assert_stored_as_computed()


def test_a_place_or_keyword_renamed_or_deleted_stores_the_datestamps_naming_it(client, records):
    harvest(client)
    records["place"].name = "Velmora Nova"
    records["place"].save()
    assert stored(records["entry"]) > T0
    assert_stored_as_computed()
    records["keyword"].name = "Songs of the harvest"
    records["keyword"].save()
    assert_stored_as_computed()
    records["keyword"].delete()
    assert_stored_as_computed()


def test_a_record_moved_to_another_collection_stores_its_datestamp(client, records, home):
    harvest(client)
    second = MemorialIndexPageFactory(parent=home, title="Second", slug="second")
    MemorialEntryPage.objects.get(pk=records["entry"].pk).move(second, pos="last-child")
    harvest(client)
    assert stored(records["entry"]) > T0
    assert_stored_as_computed()


def test_an_import_stores_the_datestamps_of_new_and_updated_entries(client, records, tmp_path):
    path = write_csv(tmp_path / "rows.csv", fictional_records(4, collection="names"))
    report = EntryImporter(path).run()
    assert report.created == 4
    assert HarvestDatestamp.objects.filter(kind="entry").count() == 5
    assert_stored_as_computed()
    harvest(client)
    changed = [{**record, "occupation": "bookbinder"} for record in fictional_records(4)]
    path = write_csv(tmp_path / "changed.csv", changed)
    assert EntryImporter(path, update=True).run().updated == 4
    assert_stored_as_computed()


def test_a_queryset_edit_of_an_unharvested_kind_field_leaves_the_datestamps_alone(records):
    TestimonyPage.objects.filter(pk=records["testimony"].pk).update(title="Renamed")
    assert_stored_as_computed()


def test_the_queries_for_a_list_page_do_not_grow_with_the_archive(client, records, monkeypatch):
    monkeypatch.setattr(repository, "PAGE_SIZE", 3)

    def queries_for_a_page(total):
        while MemorialEntryPage.objects.count() < total:
            MemorialEntryPageFactory(parent=records["index"])
        counts = []
        # One kind in each: a page holding two kinds fetches each kind's pages apart.
        for params in ({**LIST, "set": "entries"}, {**LIST, "set": "entries:names", **SINCE}):
            harvest(client, params)  # the ledger brought up to date after the additions
            with CaptureQueriesContext(connection) as queries:
                doc = harvest(client, params)
            assert len(doc.xpath("//oai:header", namespaces=NS)) == 3
            counts.append(len(queries))
        return counts

    assert queries_for_a_page(5) == queries_for_a_page(50)


def test_a_list_too_long_to_count_is_walked_without_its_size(client, records, monkeypatch):
    for _ in range(4):
        MemorialEntryPageFactory(parent=records["index"])
    monkeypatch.setattr(repository, "PAGE_SIZE", 2)
    monkeypatch.setattr(repository, "COUNT_LIMIT", 3)
    doc, seen = harvest(client), []
    while True:
        seen += doc.xpath("//oai:header/oai:identifier/text()", namespaces=NS)
        token = doc.find(".//oai:resumptionToken", NS)
        if token is None or not token.text:
            break
        assert token.get("completeListSize") is None  # optional; 7 records are over 3
        with CaptureQueriesContext(connection) as queries:
            doc = harvest(client, {"verb": "ListIdentifiers", "resumptionToken": token.text})
        assert not [query for query in queries.captured_queries if "COUNT(" in query["sql"]]
    assert len(seen) == len(set(seen)) == 7
