"""Fill a BagIt bag with the archive: entries, testimonies, galleries and their originals.

`write_bag()` builds the bag in a hidden sibling directory and moves it into place only
when it is complete, so a directory named like the target is never a half-written bag.
Pages are read in chunks (`iterator(chunk_size=…)`, prefetching per chunk) and written one
file each, so memory does not grow with the size of the archive.
"""

import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, count, islice
from pathlib import Path

from django.conf import settings
from django.db.models import F, Prefetch
from django.utils import timezone

from memorial.entries.models import EntryRelationship, MemorialEntryPage, MemorialIndexPage, Place
from memorial.galleries.models import GalleryPage
from memorial.testimonies.models import TestimonyMention, TestimonyPage

from .bag import BagWriter
from .layout import bag_info_fields, manifest_document, readme_text
from .originals import OriginalsCopier, all_files, selected_files
from .references import (
    KIND_DIRECTORIES,
    FileIndex,
    References,
    collect,
    prefetch_streams,
    stream_references,
)
from .serialize import (
    AccessInfo,
    entry_document,
    gallery_document,
    gallery_people,
    gallery_photographs,
    testimony_document,
)

ENTRY_CHUNK = 500
PAGE_CHUNK = 50
PROGRESS_EVERY = 1000


class BagTargetError(Exception):
    """The target directory cannot take a new bag."""


def chunks(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def unique_name(base: str, pk: int, taken: set) -> str:
    """Slugs are unique among siblings only, and another page's slug may be `<base>-<pk>`."""
    candidates = chain([base, f"{base}-{pk}"], (f"{base}-{pk}-{n}" for n in count(2)))
    name = next(candidate for candidate in candidates if candidate not in taken)
    taken.add(name)
    return name


@dataclass
class BagResult:
    path: Path
    counts: dict
    entries_by_collection: dict
    problems: list = field(default_factory=list)
    payload_files: int = 0
    payload_bytes: int = 0


class BagExport:
    """One export run. `collection`: a MemorialIndexPage, or None for the whole archive."""

    def __init__(self, root: Path, collection=None, progress: Callable[[str], None] = print):
        self.root = Path(root)
        self.collection = collection
        self.progress = progress
        self.access = AccessInfo()
        self.files = FileIndex()
        self.used = References()
        self.counts = Counter()
        self.by_collection = Counter()
        self.collection_slugs = {
            index.path: index.slug for index in MemorialIndexPage.objects.only("path", "slug")
        }

    # Pages -----------------------------------------------------------------------------
    def entries(self):
        qs = MemorialEntryPage.objects.live()
        if self.collection is not None:
            qs = qs.child_of(self.collection)
        relationships = EntryRelationship.objects.annotate(
            related_identifier=F("related_entry__identifier")
        )
        return (
            qs.select_related("birth_place", "death_place")
            .prefetch_related(
                "name_variants", "sources", Prefetch("relationships", queryset=relationships)
            )
            .order_by("pk")
        )

    def write_entries(self, bag: BagWriter) -> None:
        entries = self.entries()
        total = entries.count()
        self.progress(f"Entries ({total})…")
        for batch in chunks(entries.iterator(chunk_size=ENTRY_CHUNK), ENTRY_CHUNK):
            self.access.load(MemorialEntryPage, batch)
            chunk_refs, union = [], References()
            biographies = prefetch_streams(batch, "biography")
            stream_block = MemorialEntryPage._meta.get_field("biography").stream_block
            for entry, biography in zip(batch, biographies, strict=True):
                refs = collect(stream_block, biography, References())
                refs.add("images", entry.portrait_id)
                for source in entry.sources.all():
                    refs.add("documents", source.document_id)
                chunk_refs.append(refs)
                union.update(refs)
            self.files.load(union)
            if self.collection is not None:
                self.used.update(union)
            for entry, refs, biography in zip(batch, chunk_refs, biographies, strict=True):
                slug = self.collection_slugs.get(entry.path[: -entry.steplen], "")
                name = entry.identifier or f"page-{entry.pk}"
                document = entry_document(entry, slug, biography, refs, self.files, self.access)
                bag.write_json(f"entries/{name}.json", document)
                self.by_collection[slug] += 1
                self.counts["entries"] += 1
                if self.counts["entries"] % PROGRESS_EVERY == 0:
                    self.progress(f"  entries: {self.counts['entries']} of {total}")
            self.files.forget()

    def write_testimonies(self, bag: BagWriter) -> None:
        self.progress("Testimonies…")
        mentions = TestimonyMention.objects.annotate(entry_identifier=F("entry__identifier"))
        testimonies = (
            TestimonyPage.objects.live()
            .select_related("interview_place")
            .prefetch_related(
                "languages", "keywords", "segments", Prefetch("mentions", queryset=mentions)
            )
            .order_by("pk")
            .iterator(chunk_size=PAGE_CHUNK)
        )
        taken = set()
        for batch in chunks(testimonies, PAGE_CHUNK):
            self.access.load(TestimonyPage, batch)
            refs = References(
                media={pk for t in batch for pk in (t.media_id, t.public_media_id) if pk}
            )
            self.files.load(refs)
            for testimony in batch:
                name = unique_name(testimony.slug, testimony.pk, taken)
                bag.write_json(
                    f"testimonies/{name}.json",
                    testimony_document(testimony, self.files, self.access),
                )
                self.counts["testimonies"] += 1
            self.files.forget()

    def write_galleries(self, bag: BagWriter) -> None:
        self.progress("Galleries…")
        galleries = GalleryPage.objects.live().order_by("pk").iterator(chunk_size=PAGE_CHUNK)
        taken = set()
        for batch in chunks(galleries, PAGE_CHUNK):
            self.access.load(GalleryPage, batch)
            refs = References()
            place_ids, person_ids = set(), set()
            for gallery in batch:
                stream_references(gallery, "items", refs)
                for value in gallery_photographs(gallery):
                    place_ids.add(value.get("place"))
                    person_ids.update(gallery_people(value.get("people")))
            self.files.load(refs)
            places = Place.objects.in_bulk([pk for pk in place_ids if isinstance(pk, int)])
            people = dict(
                MemorialEntryPage.objects.filter(
                    pk__in=[pk for pk in person_ids if isinstance(pk, int)]
                ).values_list("pk", "identifier")
            )
            for gallery in batch:
                name = unique_name(gallery.slug, gallery.pk, taken)
                bag.write_json(
                    f"galleries/{name}.json",
                    gallery_document(gallery, self.files, self.access, places, people),
                )
                self.counts["galleries"] += 1
            self.files.forget()

    # Files -----------------------------------------------------------------------------
    def write_originals(self, bag: BagWriter) -> OriginalsCopier:
        copier = OriginalsCopier(bag, self.progress)
        for kind in KIND_DIRECTORIES:
            self.progress(f"Original {kind}…")
            if self.collection is None:
                objects = all_files(kind)
            else:
                objects = selected_files(kind, getattr(self.used, kind))
            self.counts[kind] = copier.copy(kind, objects)
        return copier

    # The bag ---------------------------------------------------------------------------
    @property
    def scope(self) -> str:
        if self.collection is None:
            return "the whole archive"
        return f"collection '{self.collection.slug}' ({self.collection.title})"

    def run(self) -> BagResult:
        generated_at = timezone.now()
        bag = BagWriter(self.root)
        try:
            self.write_entries(bag)
            if self.collection is None:
                self.write_testimonies(bag)
                self.write_galleries(bag)
            copier = self.write_originals(bag)
            counts = {
                name: self.counts[name]
                for name in ("entries", "testimonies", "galleries", *KIND_DIRECTORIES)
            }
            self.write_descriptions(bag, generated_at, counts, copier.problems)
            bag.finish(self.bag_info(generated_at, counts))
        except BaseException:
            bag.abort()
            raise
        return BagResult(
            path=self.root,
            counts=counts,
            entries_by_collection=dict(self.by_collection),
            problems=copier.problems,
            payload_files=bag.files,
            payload_bytes=bag.octets,
        )

    def write_descriptions(self, bag, generated_at, counts, problems) -> None:
        slug = self.collection.slug if self.collection else None
        bag.write_json(
            "manifest.json",
            manifest_document(
                self.scope,
                slug,
                generated_at,
                counts,
                dict(sorted(self.by_collection.items())),
                problems,
            ),
        )
        text = readme_text(settings.WAGTAIL_SITE_NAME, self.scope, generated_at.isoformat(), counts)
        bag.write_bytes("README.txt", text.encode("utf-8"))

    def bag_info(self, generated_at, counts) -> list[tuple[str, str]]:
        from home.models import ArchiveSettings

        slug = self.collection.slug if self.collection else None
        contact_email = ArchiveSettings.load().contact_email
        return bag_info_fields(self.scope, slug, generated_at, counts, contact_email)


def prepare_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise BagTargetError(f"{target} exists and is not a directory.")
    if target.is_dir() and any(target.iterdir()):
        raise BagTargetError(
            f"{target} exists and is not empty. Choose a new directory: a bag is never "
            "written over other files."
        )


def write_bag(target, collection=None, progress: Callable[[str], None] = print) -> BagResult:
    """Write a complete bag at `target` (absent or an empty directory)."""
    target = Path(target).absolute()
    prepare_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.incomplete-", dir=target.parent))
    try:
        result = BagExport(work, collection, progress).run()
        prepare_target(target)  # still free after the (possibly long) export?
        if target.exists():
            target.rmdir()
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    result.path = target
    return result
