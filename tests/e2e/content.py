"""Small fictional sites for the browser tests, built with the shared factories.

Each builder makes only what its test needs; `whole_site()` makes one of every public page
type (and a few private ones the accessibility scan must never reach).
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from wagtail.models import Collection, PageViewRestriction, Site

from home.demo.audio import soft_tone
from home.models import HomePage
from memorial.core.models import ArchiveMedia
from memorial.entries.models import EntryNameVariant
from memorial.insights.models import ArchiveNumbersPage
from memorial.remembrances.models import RemembrancePage

from ..factories import (
    ArchiveImageFactory,
    GalleryIndexPageFactory,
    GalleryPageFactory,
    MemorialEntryPageFactory,
    MemorialIndexPageFactory,
    PlaceFactory,
    StandardPageFactory,
    TestimonyIndexPageFactory,
    TestimonyLanguageFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
    gallery_items,
)

RECORDING_SECONDS = 40
SEGMENT_STARTS = (0, 12, 25)


def home() -> HomePage:
    return HomePage.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)


def names_collection(title="Names"):
    return MemorialIndexPageFactory(parent=home(), title=title, slug="names")


def person(index, family_name="Tessaro", given_name="Ilmar", variants=(), **fields):
    entry = MemorialEntryPageFactory(
        parent=index, given_name=given_name, family_name=family_name, **fields
    )
    if variants:
        entry.name_variants = [
            EntryNameVariant(name=name, language=language) for name, language in variants
        ]
        entry.save_revision().publish()
    return entry


def wav_recording(seconds=RECORDING_SECONDS) -> ArchiveMedia:
    """A real, playable WAV (a quiet tone), so the browser can load, play and seek it."""
    media = ArchiveMedia(
        title="Fictional interview", type="audio", collection=Collection.get_first_root_node()
    )
    media.file.save("fictional-interview.wav", ContentFile(soft_tone(seconds)), save=False)
    media.save()
    return media


def testimony(index, content_warning="", with_recording=True):
    page = TestimonyPageFactory(
        parent=index,
        title="A fictional account of the river town",
        slug="river-town-account",
        content_warning=content_warning,
        media=wav_recording() if with_recording else None,
    )
    TestimonyLanguageFactory(page=page, language="en")
    texts = (
        "Fictional opening: the narrator describes the street.",
        "Fictional middle: the bridge and the market.",
        "Fictional ending: the narrator's garden.",
    )
    for number, (start, text) in enumerate(zip(SEGMENT_STARTS, texts, strict=True)):
        following = SEGMENT_STARTS[number + 1] if number + 1 < len(SEGMENT_STARTS) else None
        TranscriptSegmentFactory(
            page=page,
            start_seconds=start,
            end_seconds=(following - 1) if following else RECORDING_SECONDS,
            text=text,
        )
    return page


def gallery(index, photographs=3):
    images = [
        ArchiveImageFactory(title=f"Fictional photograph {n}", file__width=640, file__height=480)
        for n in range(1, photographs + 1)
    ]
    items = gallery_items(images)
    for number, item in enumerate(items, start=1):
        item["value"]["alt_text"] = f"A fictional grey photograph, number {number}"
    return GalleryPageFactory(parent=index, title="Fictional album", slug="album", items=items)


@dataclass
class WholeSite:
    standard: object
    names: object
    entry: object
    testimonies: object
    testimony: object
    galleries: object
    gallery: object
    remembrance: object
    numbers: object
    place: object
    private_entry: object
    draft_entry: object


def whole_site() -> WholeSite:
    root = home()
    standard = StandardPageFactory(parent=root, slug="about", intro="A fictional archive.")
    names = names_collection()
    place = PlaceFactory(name="Velmora", latitude="40.5", longitude="49.25")
    entry = person(names, "Məmmədov", "Əli", variants=[("Mamedov", "en")], birth_place=place)
    remembrance = RemembrancePage(
        title="Remembering Əli",
        shown_name="A fictional neighbour",
        relationship="neighbour",
        text="He mended bicycles.\n\nEveryone on the street knew him.",
    )
    entry.add_child(instance=remembrance)
    remembrance.save_revision().publish()
    private_entry = person(names, "Hiddenovna", "Private")
    PageViewRestriction.objects.create(
        page=private_entry, restriction_type=PageViewRestriction.LOGIN
    )
    draft_entry = person(names, "Draftova", "Unpublished", live=False)
    testimonies = TestimonyIndexPageFactory(parent=root, slug="testimonies")
    account = testimony(
        testimonies, content_warning="Describes a fictional fire and the loss of a home."
    )
    galleries = GalleryIndexPageFactory(parent=root, slug="photographs")
    album = gallery(galleries)
    numbers = root.add_child(instance=ArchiveNumbersPage(title="In numbers", slug="numbers"))
    numbers.save_revision().publish()
    return WholeSite(
        standard=standard,
        names=names,
        entry=entry,
        testimonies=testimonies,
        testimony=account,
        galleries=galleries,
        gallery=album,
        remembrance=remembrance,
        numbers=numbers,
        place=place,
        private_entry=private_entry,
        draft_entry=draft_entry,
    )
