"""The public search as one query object. Rows always come from memorial.core.privacy."""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F

from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage
from memorial.galleries.models import GalleryPage
from memorial.testimonies.models import TestimonyPage

from .facets import EntryFacets, EntryFilters, entry_facets
from .names import match_entries, name_terms

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Letters and digits of any script, with the apostrophes and hyphens names carry.
WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")

KINDS = {"entry": "People", "testimony": "Testimonies", "gallery": "Galleries"}
SORTS = {"relevance": "Best match", "name": "Name", "date": "Date of death"}
ENTRY_ORDER = {
    "relevance": ("name_rank", "sort_name", "pk"),
    "name": ("sort_name", "pk"),
}


def clean_query_text(raw: str) -> tuple[str, str]:
    """Strip control characters and bound the query; return (text, message for the visitor)."""
    raw = raw[: MAX_QUERY_LENGTH * 20]  # never walk a megabyte of input character by character
    text = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C" or ch == " ")
    text = " ".join(text.split())
    message = ""
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
        message = f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters."
    terms = text.split()
    if len(terms) > MAX_TERMS:
        text = " ".join(terms[:MAX_TERMS])
        message = f"Only the first {MAX_TERMS} words of your search were used."
    return text, message


@dataclass
class SearchQuery:
    text: str
    message: str = ""
    kind: str = ""  # "" for everything, else a key of KINDS
    sort: str = "relevance"
    filters: EntryFilters = field(default_factory=EntryFilters)

    @classmethod
    def from_request(cls, request):
        params = request.GET
        text, message = clean_query_text(params.get("q", ""))
        kind = params.get("type", "")
        sort = params.get("sort", "relevance")
        return cls(
            text=text,
            message=message,
            kind=kind if kind in KINDS else "",
            sort=sort if sort in SORTS else "relevance",
            filters=EntryFilters.from_params(params),
        )

    def __bool__(self):
        return bool(self.terms)

    @property
    def terms(self) -> list[str]:
        """Words only: search syntax (quotes, operators, brackets) is never passed through."""
        return [word.casefold() for word in WORD.findall(self.text)]

    @cached_property
    def name_terms(self):
        return name_terms(self.terms)

    # People ---------------------------------------------------------------------------
    @cached_property
    def matching_entries(self):
        """Public entries whose names match every word, narrowed by the filters (unordered)."""
        if not self.name_terms:
            return MemorialEntryPage.objects.none()
        entries = public_pages(MemorialEntryPage.objects.all())
        return self.filters.apply(match_entries(entries, self.name_terms))

    def ordered_entries(self):
        entries = self.matching_entries
        if self.sort == "date":
            return entries.order_by(F("death_date").asc(nulls_last=True), "sort_name", "pk")
        return entries.order_by(*ENTRY_ORDER[self.sort])

    @cached_property
    def facets(self) -> EntryFacets:
        if not self.name_terms:
            return EntryFacets()
        return entry_facets(self.matching_entries)

    # Testimonies and galleries ---------------------------------------------------------
    def _text_search(self, model):
        if self.filters or not self.terms:
            # The filters describe people; other kinds of record have no such fields.
            return model.objects.none()
        return public_pages(model.objects.all()).search(" ".join(self.terms), operator="and")

    @cached_property
    def testimonies(self):
        return self._text_search(TestimonyPage)

    @cached_property
    def galleries(self):
        return self._text_search(GalleryPage)

    def results_of(self, kind: str):
        if kind == "entry":
            return self.ordered_entries()
        return self.testimonies if kind == "testimony" else self.galleries
