"""The JSON documents of a preservation bag: one per entry, testimony and gallery.

Each document carries the page's own fields as they are live (drafts are never read),
where its files lie in the bag, and an `access` block saying who may see it today —
a bag holds restricted and embargoed material too, marked as such.
"""

from django.utils.duration import duration_iso_string
from wagtail.models import PageViewRestriction

from memorial.core.privacy import public_pages
from memorial.testimonies.speakers import public_speaker

from ..biography_text import html_to_markdown
from ..entry_records import entry_to_record, place_label
from .references import FileIndex

SCHEMA_VERSION = 1


class AccessInfo:
    """Who may see each page of a chunk, decided by the same rule as every public surface."""

    def __init__(self):
        self.restricted_paths = tuple(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )
        self.public_pks = set()

    def load(self, model, pages) -> None:
        """Ask `public_pages()` once per chunk which of these pages a visitor may see today."""
        pks = [page.pk for page in pages]
        self.public_pks = set(
            public_pages(model.objects.filter(pk__in=pks)).values_list("pk", flat=True)
        )

    def describe(self, page) -> dict:
        return {
            "access_level": getattr(page, "access_level", None),
            "embargo_until": getattr(page, "embargo_until", None),
            "view_restricted": page.path.startswith(self.restricted_paths)
            if self.restricted_paths
            else False,
            "public_at_export": page.pk in self.public_pks,
        }


def page_meta(page) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "slug": page.slug,
        "url_path": page.url_path,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "has_unpublished_changes": page.has_unpublished_changes,
    }


def rich_text(source: str) -> dict:
    """Rich text as Markdown for reading, and as stored (Wagtail's database HTML)."""
    return {"markdown": html_to_markdown(source or ""), "html": source or ""}


def entry_document(
    entry, collection_slug, biography_blocks, refs, files: FileIndex, access: AccessInfo
) -> dict:
    """`biography_blocks`: the stored StreamField data. Expects name_variants, sources and
    relationships (annotated with related_identifier) prefetched."""
    return {
        "type": "memorial_entry",
        "schema_version": SCHEMA_VERSION,
        "record": entry_to_record(entry, collection_slug),
        "access": access.describe(entry),
        "page": page_meta(entry),
        "details": {
            "name_variants": [
                {
                    "name": variant.name,
                    "script": variant.script,
                    "language": variant.language,
                    "note": variant.note,
                }
                for variant in entry.name_variants.all()
            ],
            "sources": [
                {
                    "citation": source.citation,
                    "url": source.url,
                    "document": files.ref("documents", source.document_id),
                }
                for source in entry.sources.all()
            ],
            "relationships": [
                {
                    "relation": relation.relation,
                    "entry": relation.related_identifier,
                    "note": relation.note,
                }
                for relation in entry.relationships.all()
            ],
            "age_at_death": entry.age_at_death,
            "age_at_death_is_approximate": entry.age_at_death_is_approximate,
            "circumstances_of_death": entry.circumstances_of_death,
        },
        "biography_blocks": biography_blocks,
        "portrait": files.ref("images", entry.portrait_id),
        "files": {kind: files.refs(kind, getattr(refs, kind)) for kind in files.paths},
    }


def testimony_document(testimony, files: FileIndex, access: AccessInfo) -> dict:
    """Expects languages, keywords, segments, mentions (annotated entry_identifier) prefetched."""
    anonymous = testimony.narrator_is_anonymous or not testimony.narrator
    return {
        "type": "testimony",
        "schema_version": SCHEMA_VERSION,
        "title": testimony.title,
        "narrator": None if anonymous else testimony.narrator,
        "narrator_is_anonymous": testimony.narrator_is_anonymous,
        "narrator_relation": testimony.narrator_relation,
        "narrator_relation_detail": testimony.narrator_relation_detail,
        "interview_date": testimony.interview_date,
        "interview_place": place_label(testimony.interview_place) or None,
        "interviewer": testimony.interviewer,
        "languages": [language.language for language in testimony.languages.all()],
        "duration": duration_iso_string(testimony.duration) if testimony.duration else None,
        "recording": files.ref("media", testimony.media_id),
        "public_recording": files.ref("media", testimony.public_media_id),
        "media_embed_url": testimony.media_embed_url,
        "summary": rich_text(testimony.summary),
        "keywords": [keyword.name for keyword in testimony.keywords.all()],
        "content_warning": testimony.content_warning,
        "mentions": [
            {"entry": mention.entry_identifier, "note": mention.note}
            for mention in testimony.mentions.all()
        ],
        "transcript": [
            {
                "start_seconds": segment.start_seconds,
                "end_seconds": segment.end_seconds,
                "speaker": public_speaker(testimony, segment.speaker),
                # The bag is the staff master: withheld passages keep their text, marked.
                "text": segment.text,
                "withheld": segment.withheld,
                "withheld_reason": segment.withheld_reason,
            }
            for segment in testimony.segments.all()
        ],
        "access": access.describe(testimony),
        "page": page_meta(testimony),
    }


def gallery_photographs(gallery) -> list[dict]:
    """The stored photograph items of a gallery, as raw values (ids, not objects)."""
    return [
        item.get("value") or {}
        for item in gallery.items.raw_data
        if item.get("type") == "photograph"
    ]


def gallery_people(raw_people) -> list:
    return [
        person["value"] if isinstance(person, dict) and "value" in person else person
        for person in raw_people or []
    ]


def gallery_document(gallery, files: FileIndex, access: AccessInfo, places, people) -> dict:
    """`places`: Place objects by pk; `people`: entry identifiers by page pk."""
    return {
        "type": "gallery",
        "schema_version": SCHEMA_VERSION,
        "title": gallery.title,
        "intro": rich_text(gallery.intro),
        "content_warning": gallery.content_warning,
        "photographs": [
            {
                "position": position,
                "image": files.ref("images", value.get("image")),
                "alt_text": value.get("alt_text", ""),
                "caption": value.get("caption", ""),
                "date": value.get("date", ""),
                "place": place_label(places.get(value.get("place"))) or None,
                "credit": value.get("credit", ""),
                "people": [
                    people.get(pk) for pk in gallery_people(value.get("people")) if pk in people
                ],
            }
            for position, value in enumerate(gallery_photographs(gallery))
        ],
        "access": access.describe(gallery),
        "page": page_meta(gallery),
    }
