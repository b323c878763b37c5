"""Merging a duplicate place or keyword into the one kept (memorial.core.merging), in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry, ReferenceIndex

from memorial.core.merging import MergeRefused, merge
from memorial.entries.models import MemorialEntryPage, Place
from memorial.galleries.models import GalleryPage
from memorial.testimonies.models import Keyword, TestimonyPage, TranscriptSegment

from ..factories import (
    ArchiveImageFactory,
    GalleryPageFactory,
    KeywordFactory,
    MemorialEntryPageFactory,
    PlaceFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
    gallery_items,
)

pytestmark = pytest.mark.django_db


def merge_url(instance) -> str:
    model = instance._meta.model_name
    return f"/admin/snippets/{instance._meta.app_label}/{model}/merge/{instance.pk}/"


def event(place, title="Moved to the valley"):
    value = {"date": None, "precision": "year", "title": title, "description": ""}
    return {"type": "event", "value": {**value, "place": place.pk}}


def stream_places(stream) -> list:
    return [block.value["place"].pk for block in stream if block.value.get("place")]


def index_targets(page) -> set[str]:
    return set(
        ReferenceIndex.get_references_for_object(page).values_list("to_object_id", flat=True)
    )


@pytest.fixture
def quba_and_guba():
    """Two spellings of one fictional town; 'Guba' is kept."""
    return (
        PlaceFactory(name="Quba", region="Fictional Uplands", other_names="Kuba"),
        PlaceFactory(name="Guba", region="Fictional Uplands", latitude=41, longitude=48),
    )


@pytest.fixture
def everything_naming(quba_and_guba, memorial_index, testimony_index, gallery_index):
    duplicate, kept = quba_and_guba
    born = MemorialEntryPageFactory(
        parent=memorial_index, birth_place=duplicate, death_place=duplicate
    )
    with_timeline = MemorialEntryPageFactory(
        parent=memorial_index, biography=[event(duplicate), event(kept, "Came back")]
    )
    testimony = TestimonyPageFactory(parent=testimony_index, interview_place=duplicate)
    both = TranscriptSegmentFactory(page=testimony)
    both.places.set([duplicate, kept])
    both.save()  # a parental many-to-many is stored with its row
    only_duplicate = TranscriptSegmentFactory(page=testimony)
    only_duplicate.places.set([duplicate])
    only_duplicate.save()
    testimony.save_revision().publish()
    items = gallery_items([ArchiveImageFactory()])
    items[0]["value"]["place"] = duplicate.pk
    gallery = GalleryPageFactory(parent=gallery_index, items=items)
    return {
        "born": born,
        "with_timeline": with_timeline,
        "testimony": testimony,
        "passages": (both, only_duplicate),
        "gallery": gallery,
    }


def test_merging_a_place_moves_every_reference_and_deletes_the_duplicate(
    admin_client, quba_and_guba, everything_naming
):
    duplicate, kept = quba_and_guba
    response = admin_client.post(merge_url(duplicate), {"into": kept.pk})
    assert response.status_code == 302
    assert response.url == f"/admin/snippets/entries/place/edit/{kept.pk}/"
    assert not Place.objects.filter(pk=duplicate.pk).exists()

    born = MemorialEntryPage.objects.get(pk=everything_naming["born"].pk)
    assert (born.birth_place, born.death_place) == (kept, kept)
    timeline = MemorialEntryPage.objects.get(pk=everything_naming["with_timeline"].pk)
    assert stream_places(timeline.biography) == [kept.pk, kept.pk]
    assert TestimonyPage.objects.get(pk=everything_naming["testimony"].pk).interview_place == kept
    for passage in everything_naming["passages"]:
        assert list(TranscriptSegment.objects.get(pk=passage.pk).places.all()) == [kept]
    gallery = GalleryPage.objects.get(pk=everything_naming["gallery"].pk)
    assert stream_places(gallery.items) == [kept.pk]

    kept.refresh_from_db()
    assert kept.other_names == "Quba; Kuba"
    assert ReferenceIndex.get_references_to(duplicate).count() == 0
    for page in (born, timeline, gallery):
        assert str(kept.pk) in index_targets(page)


def test_the_confirmation_lists_what_will_change_and_changes_nothing(
    admin_client, quba_and_guba, everything_naming
):
    duplicate, kept = quba_and_guba
    response = admin_client.get(merge_url(duplicate), {"into": kept.pk})
    html = response.content.decode()
    for line in (
        "Memorial entries: Birth place: 1",
        "Memorial entries: Death place: 1",
        "Memorial entries: Biography → Dated event (blocks): 1",
        "Testimonies: Interview place: 1",
        "Galleries: Items → Photograph (blocks): 1",
        "Transcript segments: Places: 2",
    ):
        assert line in html, line
    assert "other name “Quba”" in html
    assert Place.objects.filter(pk=duplicate.pk).exists()
    assert MemorialEntryPage.objects.get(pk=everything_naming["born"].pk).birth_place == duplicate


def test_the_merge_starts_with_choosing_the_one_to_keep(admin_client, quba_and_guba):
    duplicate, _ = quba_and_guba
    response = admin_client.get(merge_url(duplicate))
    assert response.status_code == 200
    assert 'name="into"' in response.content.decode()


def test_a_draft_naming_the_duplicate_stays_a_draft_naming_the_kept_one(
    admin_client, quba_and_guba, memorial_index
):
    duplicate, kept = quba_and_guba
    published = MemorialEntryPageFactory(parent=memorial_index, birth_place=duplicate)
    published.title = "A correction in draft"
    published.biography = [event(duplicate)]
    published.save_revision()
    drafted = MemorialEntryPageFactory(parent=memorial_index)
    drafted.death_place = duplicate
    drafted.save_revision()
    never_published = MemorialEntryPageFactory(parent=memorial_index, live=False)
    never_published.birth_place = duplicate
    never_published.save_revision()

    assert admin_client.post(merge_url(duplicate), {"into": kept.pk}).status_code == 302

    for page in (published, drafted, never_published):
        page = MemorialEntryPage.objects.get(pk=page.pk)
        assert page.has_unpublished_changes, page
        draft = page.get_latest_revision_as_object()
        assert duplicate.pk not in {draft.birth_place_id, draft.death_place_id}
    published = MemorialEntryPage.objects.get(pk=published.pk)
    assert published.title != "A correction in draft"  # the draft was not published
    assert published.birth_place == kept
    draft = published.get_latest_revision_as_object()
    assert (draft.title, draft.birth_place, stream_places(draft.biography)) == (
        "A correction in draft",
        kept,
        [kept.pk],
    )
    assert MemorialEntryPage.objects.get(pk=drafted.pk).death_place is None
    assert (
        MemorialEntryPage.objects.get(pk=drafted.pk).get_latest_revision_as_object().death_place
        == kept
    )
    assert not MemorialEntryPage.objects.get(pk=never_published.pk).live


def test_the_merge_is_in_the_audit_log_with_both_names(admin_client, quba_and_guba):
    duplicate, kept = quba_and_guba
    admin_client.post(merge_url(duplicate), {"into": kept.pk})
    entry = ModelLogEntry.objects.get(action="memorial.merge")
    assert entry.object_id == str(kept.pk)
    assert entry.data["duplicate"] == {"id": duplicate.pk, "title": "Quba, Fictional Uplands"}
    assert entry.data["kept"]["title"] == "Guba, Fictional Uplands"
    assert entry.message == "Merged “Quba, Fictional Uplands” into “Guba, Fictional Uplands”"
    assert entry.user is not None
    history = admin_client.get(f"/admin/snippets/entries/place/history/{kept.pk}/")
    assert "Merged “Quba, Fictional Uplands”" in history.content.decode()


def test_a_place_is_not_merged_into_itself(admin_client, quba_and_guba):
    duplicate, _ = quba_and_guba
    response = admin_client.post(merge_url(duplicate), {"into": duplicate.pk})
    assert response.status_code == 200
    assert "cannot be merged into itself" in response.content.decode()
    assert Place.objects.filter(pk=duplicate.pk).exists()
    with pytest.raises(MergeRefused, match="into itself"):
        merge(duplicate, duplicate)


def test_a_place_is_not_merged_into_one_deleted_meanwhile(admin_client, quba_and_guba):
    duplicate, kept = quba_and_guba
    kept_pk = kept.pk
    Place.objects.filter(pk=kept_pk).delete()
    response = admin_client.post(merge_url(duplicate), {"into": kept_pk})
    assert response.status_code == 200
    assert "no longer in the archive" in response.content.decode()
    assert Place.objects.filter(pk=duplicate.pk).exists()
    with pytest.raises(MergeRefused, match="no longer in the archive"):
        merge(duplicate, kept)


def test_a_duplicate_already_merged_is_not_merged_again(quba_and_guba):
    duplicate, kept = quba_and_guba
    merge(duplicate, kept)
    with pytest.raises(MergeRefused, match="merged already"):
        merge(duplicate, kept)


def test_a_refused_merge_leaves_everything_as_it_was(quba_and_guba, memorial_index):
    duplicate, kept = quba_and_guba
    kept.other_names = "x" * 499
    kept.save()
    entry = MemorialEntryPageFactory(parent=memorial_index, birth_place=duplicate)
    with pytest.raises(MergeRefused, match="longer than 500"):
        merge(duplicate, kept)
    assert MemorialEntryPage.objects.get(pk=entry.pk).birth_place == duplicate


def merged_with_queries(client, memorial_index, testimony_index, people: int) -> int:
    duplicate, kept = PlaceFactory(), PlaceFactory()
    testimony = TestimonyPageFactory(parent=testimony_index, interview_place=duplicate)
    for _ in range(people):
        MemorialEntryPageFactory(
            parent=memorial_index, birth_place=duplicate, biography=[event(duplicate)]
        ).save_revision()  # a draft each
        passage = TranscriptSegmentFactory(page=testimony)
        passage.places.add(duplicate)
        passage.save()
    with CaptureQueriesContext(connection) as queries:
        assert client.post(merge_url(duplicate), {"into": kept.pk}).status_code == 302
    return len(queries)


def test_a_merge_asks_as_many_queries_however_many_pages_name_the_duplicate(
    admin_client, memorial_index, testimony_index
):
    few = merged_with_queries(admin_client, memorial_index, testimony_index, 2)
    many = merged_with_queries(admin_client, memorial_index, testimony_index, 8)
    assert many == few


# Keywords -------------------------------------------------------------------------------
def test_merging_a_keyword_moves_testimonies_passages_and_narrower_terms(
    admin_client, testimony_index
):
    duplicate = KeywordFactory(name="Harvest", scope_note="Work in the fields.")
    kept = KeywordFactory(name="Harvest time")
    narrower = KeywordFactory(name="Threshing", broader=duplicate)
    testimony = TestimonyPageFactory(parent=testimony_index)
    testimony.keywords.set([duplicate, kept])
    passage = TranscriptSegmentFactory(page=testimony)
    passage.keywords.set([duplicate])
    passage.save()
    testimony.save_revision().publish()
    testimony.title = "A correction in draft"
    testimony.save_revision()

    confirmation = admin_client.get(merge_url(duplicate), {"into": kept.pk}).content.decode()
    assert "Testimonies: Keywords: 1" in confirmation
    assert "Transcript segments: Keywords: 1" in confirmation
    assert "Keywords: Broader: 1" in confirmation
    assert "Drafts naming it (they stay drafts): 1" in confirmation

    assert admin_client.post(merge_url(duplicate), {"into": kept.pk}).status_code == 302
    assert not Keyword.objects.filter(pk=duplicate.pk).exists()
    testimony = TestimonyPage.objects.get(pk=testimony.pk)
    assert list(testimony.keywords.all()) == [kept]
    assert list(TranscriptSegment.objects.get(pk=passage.pk).keywords.all()) == [kept]
    assert Keyword.objects.get(pk=narrower.pk).broader == kept
    kept.refresh_from_db()
    assert kept.scope_note == "Work in the fields."
    draft = testimony.get_latest_revision_as_object()
    assert (draft.title, testimony.has_unpublished_changes) == ("A correction in draft", True)
    assert list(draft.keywords.all()) == [kept]
    assert list(draft.segments.get().keywords.all()) == [kept]


def test_a_term_under_its_duplicate_takes_the_duplicates_broader_term():
    life = KeywordFactory(name="Daily life")
    duplicate = KeywordFactory(name="Harvest", broader=life)
    kept = KeywordFactory(name="Harvest time", broader=duplicate)
    merge(duplicate, kept)
    kept.refresh_from_db()
    assert kept.broader == life


def test_a_merge_that_would_make_terms_fall_under_each_other_is_refused(admin_client):
    duplicate = KeywordFactory(name="Harvest")
    between = KeywordFactory(name="Fieldwork", broader=duplicate)
    kept = KeywordFactory(name="Harvest time", broader=between)
    response = admin_client.post(merge_url(duplicate), {"into": kept.pk})
    assert "change the broader terms first" in response.content.decode()
    assert Keyword.objects.filter(pk=duplicate.pk).exists()
    assert Keyword.objects.get(pk=between.pk).broader == duplicate


# Who may merge ---------------------------------------------------------------------------
def member_of(client, django_user_model, group_name):
    user = django_user_model.objects.create_user(f"in-{group_name.lower()}", password="x")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return user


@pytest.mark.parametrize("group_name", ["Moderators", "Researchers"])
@pytest.mark.parametrize("factory", [PlaceFactory, KeywordFactory])
def test_only_who_may_edit_it_may_merge_it(client, django_user_model, group_name, factory):
    """Moderators and researchers may not change places or keywords (core 0006)."""
    member_of(client, django_user_model, group_name)
    duplicate, kept = factory(), factory()
    for response in (
        client.get(merge_url(duplicate), {"into": kept.pk}),
        client.post(merge_url(duplicate), {"into": kept.pk}),
    ):
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "/admin/" in response.url
    assert type(duplicate).objects.filter(pk=duplicate.pk).exists()


@pytest.mark.parametrize(
    ("factory", "app"), [(PlaceFactory, "entries"), (KeywordFactory, "testimonies")]
)
def test_an_archivist_may_merge_without_the_delete_permission(
    client, django_user_model, factory, app
):
    user = member_of(client, django_user_model, "Archivists")
    assert not user.has_perm(f"{app}.delete_{factory._meta.model._meta.model_name}")
    duplicate, kept = factory(), factory()
    model = duplicate._meta.model_name
    listing = client.get(f"/admin/snippets/{app}/{model}/").content.decode()
    assert merge_url(duplicate) in listing
    edit = client.get(f"/admin/snippets/{app}/{model}/edit/{kept.pk}/").content.decode()
    assert merge_url(kept) in edit
    assert client.post(merge_url(duplicate), {"into": kept.pk}).status_code == 302
    assert not type(duplicate).objects.filter(pk=duplicate.pk).exists()
