"""Simple Dublin Core (oai_dc) for entries, testimonies and galleries.

Values are (element, text, language) triples, built from public pages only; links to
other pages (collections, people mentioned) are filtered through `public_pages()`.
"""

import re

from django.conf import settings
from django.db.models import prefetch_related_objects
from lxml import etree

from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage, MemorialIndexPage
from memorial.galleries.models import GalleryPage
from memorial.testimonies.models import TestimonyMention, TestimonyPage

from ..describe import clean_text, life_line, page_url, permanent_url, place_label, plain_text

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")


def prepare(pages, request, full=True):
    """Fetch, in a few queries per kind, what headers (and with `full`, `describe()`) read."""
    entries = [page for page in pages if isinstance(page, MemorialEntryPage)]
    testimonies = [page for page in pages if isinstance(page, TestimonyPage)] if full else []
    if full:
        prefetch_related_objects(entries, "birth_place", "death_place", "name_variants", "sources")
        prefetch_related_objects(testimonies, "interview_place", "languages", "keywords", "media")
    visible = public_pages(MemorialEntryPage.objects.all()).values("pk")
    mentions = {}
    for mention in (
        TestimonyMention.objects.filter(page__in=testimonies, entry__in=visible)
        .select_related("entry")
        .order_by("page_id", "sort_order")
    ):
        mentions.setdefault(mention.page_id, []).append(mention.entry)
    # The collections of the people mentioned too: the ledger writes them down as well.
    named = entries + [entry for people in mentions.values() for entry in people]
    parent_paths = {page.path[: -MemorialEntryPage.steplen] for page in named}
    collections = {
        collection.path: collection
        for collection in public_pages(MemorialIndexPage.objects.filter(path__in=parent_paths))
    }
    return {"request": request, "collections": collections, "mentions": mentions}


def collection_of(page, context):
    if isinstance(page, MemorialEntryPage):
        return context["collections"].get(page.path[: -MemorialEntryPage.steplen])
    return None


def describe(page, context) -> list[tuple[str, str, str]]:
    request = context["request"]
    publisher = settings.WAGTAIL_SITE_NAME
    if isinstance(page, MemorialEntryPage):
        values = _entry(page, request, collection_of(page, context))
    elif isinstance(page, TestimonyPage):
        values = _testimony(page, request, context["mentions"].get(page.pk, []))
    else:
        values = _gallery(page, request)
    values.append(("publisher", publisher, ""))
    return [(element, clean_text(text), lang) for element, text, lang in values if clean_text(text)]


def _entry(entry: MemorialEntryPage, request, collection):
    values = [("title", entry.title, "")]
    for variant in entry.name_variants.all():
        language = variant.language if LANGUAGE_TAG.fullmatch(variant.language) else ""
        values.append(("title", variant.name, language))
    values += [("type", "Text", ""), ("type", "Person record", "")]
    values += [("date", iso, "") for iso in (entry.birth_iso, entry.death_iso) if iso]
    places = {place_label(place) for place in (entry.birth_place, entry.death_place) if place}
    values += [("coverage", place, "") for place in sorted(places)]
    values.append(("description", life_line(entry), ""))
    values.append(("identifier", permanent_url(request, entry), ""))
    values += [("source", source.citation, "") for source in entry.sources.all()]
    if collection is not None:
        values.append(("relation", page_url(request, collection), ""))
    rights = getattr(settings, "OAI_METADATA_RIGHTS", "")
    if rights:
        values.append(("rights", rights, ""))
    return values


def _testimony(testimony: TestimonyPage, request, mentioned):
    values = [("title", testimony.title, "")]
    if testimony.narrator and not testimony.narrator_is_anonymous:
        values.append(("creator", testimony.narrator, ""))
    if testimony.interviewer:
        values.append(("contributor", testimony.interviewer, ""))
    media_type = getattr(testimony.media, "type", "")
    values.append(("type", {"video": "MovingImage", "audio": "Sound"}.get(media_type, "Text"), ""))
    values.append(("type", "Oral history testimony", ""))
    if testimony.interview_date:
        values.append(("date", testimony.interview_date.isoformat(), ""))
    values += [("language", lang.language, "") for lang in testimony.languages.all()]
    if testimony.interview_place:
        values.append(("coverage", place_label(testimony.interview_place), ""))
    if testimony.is_open_to_public:
        values += _warning(testimony)
        values.append(("description", plain_text(testimony.summary), ""))
        values += [("relation", permanent_url(request, entry), "") for entry in mentioned]
    values += [("subject", keyword.name, "") for keyword in testimony.keywords.all()]
    values.append(("identifier", page_url(request, testimony), ""))
    if testimony.media is not None and testimony.media.rights:
        values.append(("rights", testimony.media.rights, ""))
    return values


def _gallery(gallery: GalleryPage, request):
    return [
        ("title", gallery.title, ""),
        ("type", "Collection", ""),
        ("type", "StillImage", ""),
        *_warning(gallery),
        ("description", plain_text(gallery.intro), ""),
        ("identifier", page_url(request, gallery), ""),
    ]


def _warning(page):
    """The page's content warning, first among the descriptions, as visitors see it first."""
    if not page.content_warning:
        return []
    return [("description", f"Content warning: {page.content_warning}", "")]


def oai_dc_element(values):
    nsmap = {"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap=nsmap)
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    for element, text, language in values:
        child = etree.SubElement(root, f"{{{DC_NS}}}{element}")
        child.text = text
        if language:
            child.set(XML_LANG, language)
    return root
