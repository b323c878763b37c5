"""Factories for tests: fictional people, places and pages, built through the real models."""

import datetime

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory
from wagtail.documents import get_document_model
from wagtail.models import Collection

from home.models import StandardPage
from memorial.core.dates import DatePrecision
from memorial.core.models import ArchiveImage, ArchiveMedia
from memorial.entries.models import (
    EntryNameVariant,
    EntryRelationship,
    EntrySource,
    MemorialEntryPage,
    MemorialIndexPage,
    Place,
)
from memorial.galleries.models import GalleryIndexPage, GalleryPage
from memorial.testimonies.models import (
    Keyword,
    TestimonyIndexPage,
    TestimonyLanguage,
    TestimonyMention,
    TestimonyPage,
    TranscriptSegment,
)

AUDIO = bytes(range(256)) * 16  # 4 KB standing in for an mp3


def recording(name="testimony.mp3", data=AUDIO, thumbnail=None):
    """A stored ArchiveMedia file (fictional bytes), optionally with a poster image."""
    media = ArchiveMedia(title=name, type="audio", collection=Collection.get_first_root_node())
    media.file.save(name, ContentFile(data), save=False)
    if thumbnail:
        media.thumbnail.save("poster.png", ContentFile(thumbnail), save=False)
    media.save()
    return media


def document(collection=None):
    """A stored Wagtail document (a tiny fictional PDF)."""
    doc = get_document_model()(
        title="Fictional register scan", collection=collection or Collection.get_first_root_node()
    )
    doc.file.save("register.pdf", ContentFile(b"%PDF-1.4 fictional"), save=False)
    doc.save()
    return doc


class ArchiveImageFactory(DjangoModelFactory):
    class Meta:
        model = ArchiveImage

    title = factory.Sequence(lambda n: f"Fictional photograph {n}")
    file = factory.django.ImageField(width=64, height=48, color="gray")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    credit = "Generated for tests"
    rights = "CC0 1.0"


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Velmora {n}")
    region = "Fictional Uplands"


class MemorialIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MemorialIndexPage

    title = factory.Sequence(lambda n: f"Names collection {n}")


class MemorialEntryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MemorialEntryPage

    given_name = factory.Sequence(lambda n: f"Ilmar{n}")
    family_name = "Tessaro"
    title = factory.LazyAttribute(lambda o: f"{o.given_name} {o.family_name}")
    slug = factory.Sequence(lambda n: f"entry-{n}")
    sex = "unknown"
    birth_date = datetime.date(1931, 1, 1)
    birth_date_precision = DatePrecision.APPROXIMATE
    death_date = datetime.date(1942, 5, 14)
    death_date_precision = DatePrecision.DAY


class NameVariantFactory(DjangoModelFactory):
    class Meta:
        model = EntryNameVariant

    name = "Тессаро"
    script = "Cyrl"


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = EntrySource

    citation = factory.Sequence(lambda n: f"Fictional register, vol. {n}, p. 12")


class RelationshipFactory(DjangoModelFactory):
    class Meta:
        model = EntryRelationship

    relation = "parent"


class TestimonyIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TestimonyIndexPage

    title = "Testimonies"


class TestimonyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TestimonyPage

    title = factory.Sequence(lambda n: f"A fictional account {n}")
    slug = factory.Sequence(lambda n: f"account-{n}")
    narrator = "Maren Oskeli"
    summary = "<p>The narrator remembers a fictional town.</p>"


class KeywordFactory(DjangoModelFactory):
    class Meta:
        model = Keyword

    name = factory.Sequence(lambda n: f"Keyword {n}")


class TestimonyLanguageFactory(DjangoModelFactory):
    class Meta:
        model = TestimonyLanguage

    language = "en"


class TestimonyMentionFactory(DjangoModelFactory):
    class Meta:
        model = TestimonyMention


class TranscriptSegmentFactory(DjangoModelFactory):
    class Meta:
        model = TranscriptSegment

    start_seconds = factory.Sequence(lambda n: n * 30)
    speaker = "Narrator"
    text = factory.Sequence(lambda n: f"Fictional remembered passage number {n}.")


class GalleryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GalleryIndexPage

    title = "Photographs"


class GalleryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GalleryPage

    title = factory.Sequence(lambda n: f"Fictional album {n}")
    slug = factory.Sequence(lambda n: f"album-{n}")


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = "About this archive"


def gallery_items(images, people_per_image=()):
    """StreamField raw data for a gallery: one photograph per image."""
    return [
        {
            "type": "photograph",
            "value": {
                "image": image.pk,
                "alt_text": f"Fictional scene {index}",
                "caption": f"Caption {index}",
                "date": "c. 1930",
                "place": None,
                "credit": "",
                "people": [person.pk for person in people_per_image],
            },
        }
        for index, image in enumerate(images)
    ]
