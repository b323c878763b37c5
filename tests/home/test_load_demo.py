"""manage.py load_demo: fictional, complete, and idempotent."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from home.demo.common import CREDIT, FICTIONAL_PERSON
from home.models import ArchiveSettings, HomePage, StandardPage
from memorial.core.models import ArchiveImage, ArchiveMedia
from memorial.entries.models import (
    EntryNameVariant,
    EntryRelationship,
    EntrySource,
    MemorialEntryPage,
    MemorialIndexPage,
    Place,
)
from memorial.galleries.models import GalleryIndexPage, GalleryPage, GalleryPersonShown
from memorial.testimonies.models import (
    Keyword,
    TestimonyIndexPage,
    TestimonyLanguage,
    TestimonyMention,
    TestimonyPage,
    TranscriptSegment,
)

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    HomePage,
    StandardPage,
    MemorialIndexPage,
    MemorialEntryPage,
    TestimonyIndexPage,
    TestimonyPage,
    GalleryIndexPage,
    GalleryPage,
]


def load(entries: int) -> str:
    out = StringIO()
    call_command("load_demo", entries=entries, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Everything a second run could plausibly touch."""
    counts = {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Revision,
            ArchiveImage,
            ArchiveMedia,
            Place,
            Keyword,
            EntryNameVariant,
            EntrySource,
            EntryRelationship,
            TranscriptSegment,
        )
    }
    pages = set(Page.objects.values_list("pk", "path", "live", "latest_revision_id"))
    return {"counts": counts, "pages": pages, "settings": ArchiveSettings.load().footer_text}


@pytest.fixture
def demo():
    return load(12)


def test_every_page_type_exists_and_is_live(demo):
    for model in PAGE_TYPES:
        assert model.objects.live().exists(), model
        assert not model.objects.not_live().exists(), model
    assert MemorialEntryPage.objects.count() == 12
    assert MemorialIndexPage.objects.count() == 2
    assert StandardPage.objects.count() == 3
    assert GalleryPage.objects.count() == 3
    assert TestimonyPage.objects.count() >= 4
    assert "Entries: 12/12" in demo


def test_entries_have_names_in_several_scripts_with_variants(demo):
    entries = MemorialEntryPage.objects.all()
    scripts = set(EntryNameVariant.objects.values_list("script", flat=True))
    assert len(scripts) >= 2
    for entry in entries:
        assert entry.identifier.startswith("demo-")
        assert entry.name_variants.count() >= 2, entry
        assert 1 <= entry.sources.count() <= 3
        assert all("ictional" in s.citation for s in entry.sources.all())
        assert FICTIONAL_PERSON in str(entry.biography)
    assert EntryRelationship.objects.exists()
    with_portrait = entries.exclude(portrait=None).count()
    assert 0 < with_portrait < entries.count()
    assert entries.filter(birth_date_precision="day").exists()
    assert entries.exclude(birth_date_precision="day").exists()


def test_images_and_audio_are_generated_with_checksums(demo):
    images = ArchiveImage.objects.all()
    assert images.count() >= 3 * 6
    for image in images:
        assert len(image.sha256) == 64
        assert image.credit == CREDIT
    media = ArchiveMedia.objects.get()
    assert media.type == "audio" and 0 < media.duration <= 15
    assert len(media.sha256) == 64
    assert TestimonyPage.objects.filter(media=media).exists()


def test_testimonies_and_galleries_are_complete(demo):
    testimonies = TestimonyPage.objects.all()
    assert testimonies.filter(narrator_is_anonymous=True, narrator="").exists()
    assert testimonies.exclude(content_warning="").exists()
    assert len({t.narrator_relation for t in testimonies}) >= 3
    for testimony in testimonies:
        assert 8 <= testimony.segments.count() <= 20
        assert testimony.languages.exists()
        assert testimony.keywords.exists()
        assert testimony.mentions.exists()
    assert Keyword.objects.filter(broader__isnull=False).exists()
    for gallery in GalleryPage.objects.all():
        assert 6 <= len(gallery.items) <= 10
        assert all(item.value["alt_text"] for item in gallery.items)
    people = [p for g in GalleryPage.objects.all() for i in g.items for p in i.value["people"]]
    assert people and all(isinstance(p, MemorialEntryPage) for p in people)


def test_site_says_it_is_fictional(demo):
    settings = ArchiveSettings.load()
    assert settings.demo_notice is True
    assert "fictional" in settings.footer_text
    assert "demonstration" in HomePage.objects.get().intro
    about = StandardPage.objects.get(slug="about")
    assert "fictional" in str(about.body)


def test_the_demos_rows_are_numbered_in_their_order(demo):
    # Unnumbered rows come back in any order: a testimony's passages moved after an edit.
    for model in (
        EntryNameVariant,
        EntrySource,
        EntryRelationship,
        TranscriptSegment,
        TestimonyLanguage,
        TestimonyMention,
    ):
        assert not model.objects.filter(sort_order__isnull=True).exists(), model.__name__
    first = TranscriptSegment.objects.order_by("page_id", "sort_order").first()
    assert first.sort_order == 0 and first.speaker == "Interviewer"


def test_second_run_creates_nothing(demo):
    before = snapshot()
    output = load(12)
    assert "nothing to do" in output
    assert snapshot() == before


def test_more_entries_adds_only_the_missing_ones(demo):
    before = set(MemorialEntryPage.objects.values_list("pk", "identifier", "latest_revision_id"))
    galleries = GalleryPage.objects.count()
    testimonies = TestimonyPage.objects.count()
    load(15)
    after = set(MemorialEntryPage.objects.values_list("pk", "identifier", "latest_revision_id"))
    assert before <= after
    assert sorted(identifier for _, identifier, _ in after - before) == [
        "demo-00013",
        "demo-00014",
        "demo-00015",
    ]
    assert GalleryPage.objects.count() == galleries
    assert TestimonyPage.objects.count() == testimonies


def test_gallery_people_index_is_built_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load(12)
    assert GalleryPersonShown.objects.exists()


def test_rejects_a_negative_number_of_entries():
    with pytest.raises(CommandError):
        call_command("load_demo", entries=-1, stdout=StringIO())


def test_the_demo_shows_consent_passage_indexing_and_a_withheld_passage(demo):
    from memorial.testimonies.models import ConsentRecord, TestimonyPage, TranscriptSegment

    assert ConsentRecord.objects.count() == TestimonyPage.objects.count()
    withheld = TranscriptSegment.objects.get(withheld=True)
    assert "fictional" in withheld.withheld_reason
    assert TranscriptSegment.people.through.objects.exists()
