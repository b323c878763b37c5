import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from memorial.core.dates import DatePrecision
from memorial.entries.models import MemorialEntryPage

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
    gallery_items,
)

pytestmark = pytest.mark.django_db


def image_block(image):
    return {
        "type": "image",
        "value": {"image": image.pk, "alt_text": "A fictional scene", "caption": "", "credit": ""},
    }


def gallery_block(images):
    items = [{"image": i.pk, "alt_text": "Fictional", "caption": "", "credit": ""} for i in images]
    return {"type": "gallery", "value": {"title": "Album", "images": items}}


def build_entry(memorial_index, testimony_index, gallery_index, n):
    """An entry with n of everything an entry page shows."""
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="Leyla",
        family_name=f"Delmiro{n}",
        portrait=ArchiveImageFactory(),
        birth_place=PlaceFactory(),
        death_place=PlaceFactory(),
        biography=[
            {"type": "paragraph", "value": "<p>A fictional life.</p>"},
            *[image_block(ArchiveImageFactory()) for _ in range(n)],
            gallery_block([ArchiveImageFactory() for _ in range(n + 1)]),
        ],
    )
    for index in range(n):
        SourceFactory(page=entry, citation=f"Fictional register {index}")
        NameVariantFactory(page=entry, name=f"Дельмиро {index}")
        relative = MemorialEntryPageFactory(parent=memorial_index, given_name=f"Kin{index}")
        RelationshipFactory(page=entry, related_entry=relative, relation="sibling")
        testimony = TestimonyPageFactory(parent=testimony_index)
        TestimonyMentionFactory(page=testimony, entry=entry)
    images = [ArchiveImageFactory() for _ in range(n)]
    GalleryPageFactory(parent=gallery_index, items=gallery_items(images, [entry]))
    return entry


def count_queries(client, url):
    client.get(url)  # make the renditions once,
    cache.clear()  # then measure without the rendition cache, as after a restart
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_entry_page_query_count_is_bounded_and_does_not_grow(
    client, memorial_index, testimony_index, gallery_index, django_assert_max_num_queries
):
    small = build_entry(memorial_index, testimony_index, gallery_index, 1)
    large = build_entry(memorial_index, testimony_index, gallery_index, 8)

    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    assert large_count == small_count, "queries grew with sources, relations or images"
    cache.clear()
    with django_assert_max_num_queries(41):  # 41st: which image collections are private
        client.get(large.url)


def test_entry_page_shows_the_whole_record(client, memorial_index, testimony_index, gallery_index):
    entry = build_entry(memorial_index, testimony_index, gallery_index, 2)
    html = client.get(entry.url).content.decode()
    assert "Leyla Delmiro2" in html
    assert "c. 1931" in html, "approximate birth year shown as circa"
    assert "14 May 1942" in html
    assert "Fictional register 1" in html
    assert "Дельмиро 0" in html
    assert "Kin1" in html
    assert "A fictional account" in html
    assert f"/e/{entry.identifier}/" in html


def test_names_in_the_facts_take_the_direction_of_their_script(client, memorial_index):
    """A Hebrew name reads right to left, isolated as the heading's is (<bdi>): in the
    left-to-right page an uncertain name's "(?)" landed on its right, where it reads first."""
    page = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="אליעזר",
        family_name="בדיונסקי (?)",
        patronymic="בן דוד",
    )
    html = client.get(page.url).content.decode()
    for name in ("אליעזר", "בדיונסקי (?)", "בן דוד"):
        assert f"<dd><bdi>{name}</bdi></dd>" in html, name


def test_unpublished_and_private_relatives_are_not_shown(client, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    draft = MemorialEntryPageFactory(parent=memorial_index, given_name="Hiddendraft", live=False)
    private = MemorialEntryPageFactory(parent=memorial_index, given_name="Hiddenprivate")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    staff_only = MemorialEntryPageFactory(
        parent=memorial_index, given_name="Hiddenstaff", access_level="staff"
    )
    for relative in (draft, private, staff_only):
        RelationshipFactory(page=entry, related_entry=relative)
    html = client.get(entry.url).content.decode()
    for marker in ("Hiddendraft", "Hiddenprivate", "Hiddenstaff"):
        assert marker not in html


def test_relationships_show_from_both_sides(client, memorial_index):
    parent = MemorialEntryPageFactory(parent=memorial_index, given_name="Elder")
    child = MemorialEntryPageFactory(parent=memorial_index, given_name="Younger")
    RelationshipFactory(page=child, related_entry=parent, relation="parent")
    assert [(label, e.pk) for label, e, _ in child.family()] == [("Parent", parent.pk)]
    assert [(label, e.pk) for label, e, _ in parent.family()] == [("Child", child.pk)]


def test_age_is_derived_from_the_dates_and_kept_when_only_recorded(memorial_index):
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        birth_date=datetime.date(1900, 3, 2),
        birth_date_precision=DatePrecision.DAY,
        death_date=datetime.date(1942, 3, 1),
        death_date_precision=DatePrecision.DAY,
    )
    assert str(entry.age) == "41"
    recorded = MemorialEntryPageFactory(
        parent=memorial_index,
        birth_date=None,
        birth_date_precision=DatePrecision.UNKNOWN,
        age_at_death=34,
    )
    assert str(recorded.age) == "34"
    assert recorded.life_span == "? – 14 May 1942"


def test_identifier_is_generated_once_and_kept(memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    identifier = entry.identifier
    entry.occupation = "Teacher"
    entry.save()
    assert MemorialEntryPage.objects.get(pk=entry.pk).identifier == identifier


def test_related_entries_block_shows_only_public_people(client, memorial_index):
    shown = MemorialEntryPageFactory(parent=memorial_index, given_name="Neighbourshown")
    draft = MemorialEntryPageFactory(parent=memorial_index, given_name="Neighbourdraft", live=False)
    staff = MemorialEntryPageFactory(
        parent=memorial_index, given_name="Neighbourstaff", access_level="staff"
    )
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        biography=[
            {
                "type": "related_entries",
                "value": {"heading": "Neighbours", "entries": [draft.pk, shown.pk, staff.pk]},
            }
        ],
    )
    html = client.get(entry.url).content.decode()
    assert "Neighbourshown" in html
    assert "Neighbourdraft" not in html and "Neighbourstaff" not in html


def test_a_portrait_in_a_private_collection_is_shown_nowhere_public(client, memorial_index):
    from wagtail.models import Collection, CollectionViewRestriction

    family = Collection.get_first_root_node().add_child(name="Family photographs (private)")
    CollectionViewRestriction.objects.create(collection=family, restriction_type="login")
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="Privateportrait",
        portrait=ArchiveImageFactory(collection=family),
    )
    surfaces = [
        client.get(entry.url).content.decode(),
        client.get(memorial_index.url).content.decode(),
        client.get("/search/", {"q": "Privateportrait"}).content.decode(),
    ]
    for html in surfaces:
        assert "Privateportrait" in html
        assert "/images/" not in html  # no picture that would not load
    assert client.get(f"/api/v2/pages/{entry.pk}/").json()["portrait_image"] is None
    with_photo = client.get("/search/", {"q": "Privateportrait", "has_photo": "1"})
    assert with_photo.context["counts"]["entry"] == 0


def test_a_biographys_pictures_leave_out_a_private_collection(
    client, memorial_index, settings, tmp_path
):
    from wagtail.models import Collection, CollectionViewRestriction

    settings.MEDIA_ROOT = str(tmp_path)
    family = Collection.get_first_root_node().add_child(name="Family photographs (private)")
    CollectionViewRestriction.objects.create(collection=family, restriction_type="login")
    kept, shown = ArchiveImageFactory(collection=family), ArchiveImageFactory()

    def picture(image, words):
        return {"image": image.pk, "alt_text": words, "caption": "", "credit": ""}

    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        biography=[
            {"type": "image", "value": picture(kept, "Keptalone")},
            {
                "type": "gallery",
                "value": {
                    "title": "",
                    "images": [picture(kept, "Keptinlist"), picture(shown, "Showninlist")],
                },
            },
        ],
    )
    html = client.get(entry.url).content.decode()
    assert "Showninlist" in html
    assert "Keptalone" not in html and "Keptinlist" not in html
    for address in re.findall(r'(?:src|href)="(/images/[^"]+)"', html):
        assert client.get(address).status_code == 200, address


def test_a_biographys_recording_from_a_private_collection_is_said_to_be_unavailable(
    client, memorial_index, settings, tmp_path
):
    from wagtail.models import Collection, CollectionViewRestriction

    from ..factories import recording

    settings.MEDIA_ROOT = str(tmp_path)
    family = Collection.get_first_root_node().add_child(name="Family recordings (private)")
    CollectionViewRestriction.objects.create(collection=family, restriction_type="login")
    kept = recording("kept-song.mp3")
    kept.collection = family
    kept.save()
    block = {"media": kept.pk, "embed_url": "", "title": "A lullaby", "transcript": "Words."}
    entry = MemorialEntryPageFactory(
        parent=memorial_index, biography=[{"type": "audio_video", "value": block}]
    )
    html = client.get(entry.url).content.decode()
    assert "<audio" not in html and kept.url not in html
    assert "The recording is not available." in html
    assert "A lullaby" in html and "Words." in html
