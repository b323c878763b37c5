"""The Wagtail API v2 at /api/v2/: public pages only, with the fields researchers need."""

import datetime
import json

import pytest
from wagtail.models import PageViewRestriction

from memorial.entries.models import MemorialEntryPage
from memorial.records.api import MAX_SEARCH_WORDS
from memorial.testimonies.models import TestimonyPage
from memorial.testimonies.moments import public_testimonies_mentioning

from ..entries.test_entry_page import count_queries
from ..factories import (
    ArchiveImageFactory,
    GalleryPageFactory,
    KeywordFactory,
    MemorialEntryPageFactory,
    NameVariantFactory,
    PlaceFactory,
    RelationshipFactory,
    SourceFactory,
    StandardPageFactory,
    TestimonyLanguageFactory,
    TestimonyMentionFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
    document,
    gallery_items,
    recording,
)
from ..testimonies.test_player_and_moments import build_testimony

pytestmark = pytest.mark.django_db

ENTRY = "entries.MemorialEntryPage"
TESTIMONY = "testimonies.TestimonyPage"
HIDDEN_MARKERS = ("Draftzq", "Privatezq", "Staffzq", "Researchzq", "Embargozq", "Secretzq")


def api(client, path="/api/v2/pages/", status=200, **params):
    response = client.get(path, params)
    assert response.status_code == status, response.content[:500]
    return response.json()


def assert_no_hidden_marker(data):
    text = json.dumps(data, ensure_ascii=False)
    for marker in HIDDEN_MARKERS:
        assert marker not in text


@pytest.fixture
def archive(home, memorial_index, testimony_index, gallery_index):
    place = PlaceFactory(name="Velmora", region="Uplands", latitude="40.5", longitude="49.25")
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="Orlena",
        family_name="Quessaro",
        identifier="pub-1",
        birth_place=place,
        occupation="weaver",
        portrait=ArchiveImageFactory(rights="CC BY 4.0"),
    )
    NameVariantFactory(page=entry, name="Орлена Кессаро", language="ru")
    SourceFactory(page=entry, citation="Fictional parish register, vol. 3")
    hidden = {
        "draft": MemorialEntryPageFactory(
            parent=memorial_index, given_name="Draftzq", family_name="Quessaro", live=False
        ),
        "private": MemorialEntryPageFactory(
            parent=memorial_index, given_name="Privatezq", family_name="Quessaro"
        ),
        "staff": MemorialEntryPageFactory(
            parent=memorial_index,
            given_name="Staffzq",
            family_name="Quessaro",
            access_level="staff",
        ),
        "researchers": MemorialEntryPageFactory(
            parent=memorial_index,
            given_name="Researchzq",
            family_name="Quessaro",
            access_level="researchers",
        ),
        "embargoed": MemorialEntryPageFactory(
            parent=memorial_index,
            given_name="Embargozq",
            family_name="Quessaro",
            embargo_until="2999-01-01",
        ),
    }
    PageViewRestriction.objects.create(page=hidden["private"], restriction_type="login")
    # Links from the public entry to hidden relatives must not reveal them.
    RelationshipFactory(page=entry, related_entry=hidden["staff"], relation="parent")
    RelationshipFactory(page=hidden["embargoed"], related_entry=entry, relation="sibling")
    entry.biography = [
        {"type": "related_entries", "value": {"heading": "Kin", "entries": [hidden["staff"].pk]}}
    ]
    entry.save()

    testimony = TestimonyPageFactory(
        parent=testimony_index,
        title="Market day account",
        interview_date=datetime.date(1998, 6, 2),
        interview_place=place,
    )
    TestimonyLanguageFactory(page=testimony, language="de")
    TestimonyMentionFactory(page=testimony, entry=entry)
    TestimonyMentionFactory(page=testimony, entry=hidden["researchers"])
    TranscriptSegmentFactory(page=testimony, text="We walked to the market at dawn.")
    restricted = []
    for title, kwargs in (
        ("Staffzq talk", {"access_level": "staff"}),
        ("Researchzq talk", {"access_level": "researchers"}),
        ("Embargozq talk", {"embargo_until": "2999-01-01"}),
        ("Draftzq talk", {"live": False}),
    ):
        page = TestimonyPageFactory(
            parent=testimony_index, title=title, summary="<p>Secretzq summary</p>", **kwargs
        )
        TranscriptSegmentFactory(page=page, text="Secretzq transcript passage")
        restricted.append(page)

    image = ArchiveImageFactory()
    gallery = GalleryPageFactory(
        parent=gallery_index,
        title="Harvest album",
        items=gallery_items([image], people_per_image=[entry, hidden["staff"]]),
    )
    private_gallery = GalleryPageFactory(parent=gallery_index, title="Privatezq album")
    PageViewRestriction.objects.create(page=private_gallery, restriction_type="login")
    return {
        "entry": entry,
        "hidden": hidden,
        "testimony": testimony,
        "restricted": restricted,
        "gallery": gallery,
    }


def test_entry_listing_shows_public_entries_only(client, archive):
    data = api(client, type=ENTRY, fields="*")
    assert [item["title"] for item in data["items"]] == ["Orlena Quessaro"]
    assert data["meta"]["total_count"] == 1
    assert_no_hidden_marker(data)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"fields": "*"},
        {"type": ENTRY, "search": "Quessaro"},
        {"search": "Quessaro"},
        {"type": ENTRY, "family_name": "Quessaro", "fields": "*"},
        {"type": TESTIMONY, "fields": "*"},
        {"search": "Secretzq"},
        {"type": f"{ENTRY},{TESTIMONY}", "fields": "*"},
        {"type": ENTRY, "order": "-title", "limit": 20},
    ],
)
def test_no_listing_reveals_a_hidden_page(client, archive, params):
    assert_no_hidden_marker(api(client, **params))


def test_search_finds_the_public_entry_and_nothing_hidden(client, archive):
    data = api(client, type=ENTRY, search="Quessaro")
    assert [item["id"] for item in data["items"]] == [archive["entry"].pk]


def test_hidden_pages_have_no_detail_and_cannot_be_found(client, archive):
    hidden = [*archive["hidden"].values(), *archive["restricted"]]
    for page in hidden:
        api(client, f"/api/v2/pages/{page.pk}/", status=404)
        assert client.get("/api/v2/pages/find/", {"id": page.pk}).status_code == 404
        data = api(client, child_of=page.pk, status=400)
        assert_no_hidden_marker(data)
    response = client.get("/api/v2/pages/find/", {"html_path": archive["hidden"]["staff"].url})
    assert response.status_code == 404


def test_entry_detail_has_the_fields_a_researcher_needs(client, archive):
    entry = archive["entry"]
    data = api(client, f"/api/v2/pages/{entry.pk}/")
    assert data["meta"]["type"] == ENTRY
    assert data["meta"]["parent"]["title"] == "Names"
    assert "alias_of" not in data["meta"]
    assert data["identifier"] == "pub-1"
    assert data["permanent_url"] == "http://testserver/e/pub-1/"
    assert (data["given_name"], data["family_name"]) == ("Orlena", "Quessaro")
    assert data["birth"]["date"] == "1931" and data["birth"]["precision"] == "approximate"
    assert data["birth"]["place"] == {
        "name": "Velmora",
        "region": "Uplands",
        "other_names": [],
        "latitude": 40.5,
        "longitude": 49.25,
    }
    assert data["death"]["date"] == "1942-05-14"
    assert data["occupation"] == "weaver"
    assert data["portrait_image"]["url"].startswith("http://testserver/")
    assert data["portrait_image"]["rights"] == "CC BY 4.0"
    assert data["name_variants"][0]["name"] == "Орлена Кессаро"
    assert data["sources"][0]["citation"] == "Fictional parish register, vol. 3"
    assert data["mentioned_in_testimonies"][0]["title"] == "Market day account"
    assert data["family"] == []  # both relatives are hidden
    assert data["biography"][0]["value"]["entries"] == []
    assert_no_hidden_marker(data)


def test_testimony_detail_is_public_content_without_hidden_people(client, archive):
    testimony = archive["testimony"]
    data = api(client, f"/api/v2/pages/{testimony.pk}/")
    assert data["narrator_display"] == "Maren Oskeli"
    assert data["interview_date"] == "1998-06-02"
    assert data["interview_location"]["name"] == "Velmora"
    assert data["language_codes"] == ["de"]
    assert data["summary_html"] == "<p>The narrator remembers a fictional town.</p>"
    assert data["transcript"][0]["text"] == "We walked to the market at dawn."
    assert [person["identifier"] for person in data["people_mentioned"]] == ["pub-1"]
    assert "narrator" not in data  # the raw field is never exposed; see narrator_display
    assert_no_hidden_marker(data)


def test_the_narrator_column_cannot_be_probed_by_filter(client, archive):
    assert api(client, type=TESTIMONY, narrator="Maren Oskeli", status=400)


def test_transcripts_are_detail_only(client, archive):
    assert api(client, type=TESTIMONY, fields="transcript", status=400)


def test_an_anonymous_narrator_is_never_named(client, testimony_index):
    page = TestimonyPageFactory(parent=testimony_index, narrator="", narrator_is_anonymous=True)
    data = api(client, f"/api/v2/pages/{page.pk}/")
    assert data["narrator_display"] == "Anonymous narrator"
    assert data["narrator_is_anonymous"] is True


def test_an_anonymous_narrators_name_in_a_speaker_label_is_not_in_the_transcript(
    client, testimony_index
):
    page = TestimonyPageFactory(parent=testimony_index, narrator="", narrator_is_anonymous=True)
    TranscriptSegmentFactory(page=page, speaker="Interviewer", text="Where?")
    TranscriptSegmentFactory(page=page, speaker="Maren Oskeli", text="There.")
    data = api(client, f"/api/v2/pages/{page.pk}/")
    assert [s["speaker"] for s in data["transcript"]] == ["Interviewer", "Narrator"]
    assert "Maren Oskeli" not in json.dumps(data, ensure_ascii=False)


def test_gallery_photographs_name_public_people_only(client, archive):
    data = api(client, f"/api/v2/pages/{archive['gallery'].pk}/")
    photo = data["photographs"][0]
    assert photo["image"]["url"].startswith("http://testserver/")
    assert [person["identifier"] for person in photo["people"]] == ["pub-1"]
    assert_no_hidden_marker(data)


def test_a_page_under_a_private_section_is_not_served(client, home, memorial_index):
    PageViewRestriction.objects.create(page=memorial_index, restriction_type="login")
    entry = MemorialEntryPageFactory(parent=memorial_index, given_name="Secretzq")
    assert_no_hidden_marker(api(client, type=ENTRY))
    api(client, f"/api/v2/pages/{entry.pk}/", status=404)


def test_standard_pages_and_collections_are_listed(client, archive, home):
    page = StandardPageFactory(parent=home, title="About the fictional archive")
    data = api(client, fields="*")
    titles = {item["title"] for item in data["items"]}
    assert {"About the fictional archive", "Names", "Testimonies"} <= titles
    assert api(client, f"/api/v2/pages/{page.pk}/")["body"] == []


def test_there_is_no_image_or_document_endpoint(client, archive):
    assert client.get("/api/v2/images/").status_code == 404
    assert client.get("/api/v2/documents/").status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"offset": str(2**63)},
        {"limit": "9" * 30},
        {"type": "testimonies.TestimonyPage", "interview_date": "notadate"},
        {"type": "testimonies.TestimonyPage", "interview_date": "2020-02-30"},
        {"type": "testimonies.TestimonyPage", "duration": "x"},
        {"type": "entries.MemorialEntryPage", "age_at_death": "9" * 30},
        {"search": "\x00"},
        {"search": "x", "search_operator": "xor"},
        {"search": "word " * 600},  # nested once per word, past Python's recursion limit
        {"search": '"' + "word " * 600 + '"'},
        {"fields": "parent(" * 1500 + "id" + ")" * 1500},  # parsed by recursion, too
        {"locale": "\x00"},
        {"site": "\x00"},
        {"title": "a\x00b"},
    ],
)
def test_a_parameter_no_field_can_hold_is_a_bad_request(client, archive, params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 400, response.content
    assert response.json()["message"]


def test_boolean_fields_filter_by_true_and_false(client, archive):
    # As Wagtail documents them (?show_in_menus=true); 1 and 0 work too.
    named = archive["testimony"].pk
    for value, found in (("false", True), ("true", False), ("0", True), ("1", False)):
        data = api(client, type=TESTIMONY, narrator_is_anonymous=value)
        assert (named in [item["id"] for item in data["items"]]) is found, value


def test_a_duration_filters_as_the_field_reads_it(client, archive):
    TestimonyPage.objects.filter(pk=archive["testimony"].pk).update(
        duration=datetime.timedelta(minutes=10)
    )
    for value in ("10:00", "00:10:00", "600", "PT10M"):  # ten minutes, however written
        data = api(client, type=TESTIMONY, duration=value)
        assert [item["id"] for item in data["items"]] == [archive["testimony"].pk], value
    assert api(client, type=TESTIMONY, duration="-1")["items"] == []


def test_a_search_of_many_words_is_answered(client, archive):
    assert api(client, search="Quessaro " * MAX_SEARCH_WORDS)["items"]


@pytest.mark.parametrize("params", [{"id": "x"}, {"id": "9" * 30}, {"html_path": "/\x00"}])
def test_find_refuses_what_names_no_page(client, archive, params):
    assert client.get("/api/v2/pages/find/", params).status_code == 400


def listing_queries(client, path, add):
    """Queries for the listing at `path` after `add(2)` pages, and after `add(10)` more."""
    add(2)
    few = count_queries(client, path)
    add(10)
    return few, count_queries(client, path)


def add_entries_and_galleries(memorial_index, gallery_index):
    def add(count):
        for _ in range(count):
            MemorialEntryPageFactory(parent=memorial_index)
            GalleryPageFactory(parent=gallery_index, items=gallery_items([ArchiveImageFactory()]))

    return add


@pytest.mark.parametrize(
    "params",
    [
        "",
        f"?type={ENTRY}",
        f"?type={ENTRY}&search=Tessaro",
        f"?type={ENTRY},{TESTIMONY}",
        "?type=galleries.GalleryPage&fields=*",
    ],
)
def test_listing_queries_do_not_grow_with_the_pages(client, memorial_index, gallery_index, params):
    add = add_entries_and_galleries(memorial_index, gallery_index)
    few, many = listing_queries(client, f"/api/v2/pages/{params}", add)
    assert many == few


def add_related_entries(memorial_index, testimony_index):
    """Entries with every field filled, each related to the one before and named by two
    testimonies (one at page level, one in a passage)."""
    added = []

    def add(count):
        for _ in range(count):
            entry = MemorialEntryPageFactory(
                parent=memorial_index,
                portrait=ArchiveImageFactory(),
                birth_place=PlaceFactory(),
                death_place=PlaceFactory(),
            )
            NameVariantFactory(page=entry)
            SourceFactory(page=entry, document=document())
            if added:
                RelationshipFactory(page=entry, related_entry=added[-1])
            TestimonyMentionFactory(page=TestimonyPageFactory(parent=testimony_index), entry=entry)
            segment = TranscriptSegmentFactory(page=TestimonyPageFactory(parent=testimony_index))
            segment.people.add(entry)
            segment.save()  # a ParentalManyToManyField is written on save
            added.append(entry)

    return add


def test_entry_listing_with_every_field_queries_do_not_grow(
    client, memorial_index, testimony_index
):
    add = add_related_entries(memorial_index, testimony_index)
    few, many = listing_queries(client, f"/api/v2/pages/?type={ENTRY}&fields=*", add)
    assert many == few
    for item in api(client, type=ENTRY, fields="*")["items"]:  # as each entry's own would be
        entry = MemorialEntryPage.objects.get(pk=item["id"])
        assert [f["entry"]["id"] for f in item["family"]] == [r.pk for _, r, _ in entry.family()]
        named = public_testimonies_mentioning(entry).values_list("pk", flat=True)
        assert sorted(t["id"] for t in item["mentioned_in_testimonies"]) == sorted(named)
        assert len(item["mentioned_in_testimonies"]) == 2


def add_full_testimonies(memorial_index, testimony_index):
    def add(count):
        for _ in range(count):
            testimony = TestimonyPageFactory(
                parent=testimony_index,
                media=recording(),
                interview_place=PlaceFactory(),
                interview_date=datetime.date(1990, 1, 1),
            )
            testimony.keywords.add(KeywordFactory())
            testimony.save()
            TestimonyLanguageFactory(page=testimony)
            TranscriptSegmentFactory(page=testimony)
            person = MemorialEntryPageFactory(parent=memorial_index)
            TestimonyMentionFactory(page=testimony, entry=person)

    return add


def test_testimony_listing_with_every_field_queries_do_not_grow(
    client, memorial_index, testimony_index
):
    add = add_full_testimonies(memorial_index, testimony_index)
    few, many = listing_queries(client, f"/api/v2/pages/?type={TESTIMONY}&fields=*", add)
    assert many == few
    for item in api(client, type=TESTIMONY, fields="*")["items"]:
        testimony = TestimonyPage.objects.get(pk=item["id"])
        mentioned = [mention.entry_id for mention in testimony.public_mentions()]
        assert [person["id"] for person in item["people_mentioned"]] == mentioned
        assert item["subjects"] and item["language_codes"] and item["recording"]


def test_testimony_detail_queries_do_not_grow_with_the_transcript(
    client, memorial_index, testimony_index
):
    small = build_testimony(testimony_index, memorial_index, 2)
    large = build_testimony(testimony_index, memorial_index, 12)
    few = count_queries(client, f"/api/v2/pages/{small.pk}/")
    assert count_queries(client, f"/api/v2/pages/{large.pk}/") == few


def test_gallery_detail_queries_do_not_grow_with_the_photographs(client, gallery_index):
    small, large = (
        GalleryPageFactory(
            parent=gallery_index, items=gallery_items([ArchiveImageFactory() for _ in range(n)])
        )
        for n in (2, 12)
    )
    few = count_queries(client, f"/api/v2/pages/{small.pk}/")
    assert count_queries(client, f"/api/v2/pages/{large.pk}/") == few


@pytest.mark.parametrize(
    "params, tables",
    [
        (f"?type={ENTRY}", {"testimonies_testimonypage", "remembrances_remembrancepage"}),
        (f"?type={TESTIMONY}", {"entries_memorialentrypage", "remembrances_remembrancepage"}),
    ],
)
def test_a_listing_of_one_type_reads_only_that_types_rows(client, archive, params, tables):
    """An entry listing was filtered for privacy twice: once as the entries it is, and once
    as pages of any type, which reads every closed testimony and remembrance (at 100,000
    entries 430 ms for the count and as much for the page, where 190 ms does)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        api(client, f"/api/v2/pages/{params}")
    listing = [q["sql"] for q in captured if "COUNT(*)" in q["sql"] or "LIMIT" in q["sql"]]
    assert listing
    for sql in listing:
        assert not {table for table in tables if table in sql}, sql


@pytest.mark.parametrize("params", [f"?type={ENTRY}&", "?", f"?type={ENTRY}&order=title&"])
def test_a_deep_offset_sorts_keys_not_whole_pages(client, archive, params):
    """?offset=90000 made the database sort every public page, whole, to skip the first
    90,000 (spilling to disk at 100,000 entries): the skipping query reads keys only and
    the pages shown are read by key, in the listing's order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    every = [item["id"] for item in api(client, f"/api/v2/pages/{params}limit=20")["items"]]
    with CaptureQueriesContext(connection) as captured:
        shown = api(client, f"/api/v2/pages/{params}offset=1&limit=2")["items"]
    assert [item["id"] for item in shown] == every[1:3]
    skipping = [q["sql"] for q in captured if "OFFSET" in q["sql"]]
    assert len(skipping) == 1
    columns = skipping[0].split(" FROM ")[0]
    assert columns.count(",") == 0, columns
