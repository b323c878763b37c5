"""The public search as one query object. Rows always come from memorial.core.privacy."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from memorial.core.matching.keys import with_particles_joined
from memorial.core.matching.transliteration import APOSTROPHES, COMBINING_MARKS
from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage
from memorial.galleries.models import GalleryPage
from memorial.testimonies.models import TestimonyPage

from .cache import cached
from .facets import EntryFacets, EntryFilters, bounded_int, entry_facets
from .names import match_entries, name_terms

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Letters and digits of any script with their marks, and the apostrophes and hyphens
# names carry.
_INSIDE = re.escape(COMBINING_MARKS + APOSTROPHES + "-")
_MARKS = re.escape(COMBINING_MARKS)
WORD = re.compile(rf"[^\W_](?:[\w{_INSIDE}]*(?:[^\W_]|[{_MARKS}]))?")

KINDS = {"entry": _("People"), "testimony": _("Testimonies"), "gallery": _("Galleries")}
SORTS = {"relevance": _("Best match"), "name": _("Name"), "date": _("Date of death")}
RESULTS_PER_PAGE = 20
PREVIEWS_PER_KIND = 3  # testimonies and galleries shown beside the people found
MAX_PAGE = 99_999
LONG_ENTRY_FIELDS = ("biography", "circumstances_of_death")


def clean_query_text(raw: str) -> tuple[str, str]:
    """Strip control characters and bound the query; return (text, message for the visitor)."""
    raw = raw[: MAX_QUERY_LENGTH * 20]  # never walk a megabyte of input character by character
    text = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C" or ch == " ")
    text = unicodedata.normalize("NFC", text)  # "Müller" is one word however it was typed
    text = " ".join(text.split())
    message = ""
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
        message = gettext("Your search was shortened to its first %(count)s characters.") % {
            "count": MAX_QUERY_LENGTH
        }
    terms = text.split()
    if len(terms) > MAX_TERMS:
        text = " ".join(terms[:MAX_TERMS])
        message = gettext("Only the first %(count)s words of your search were used.") % {
            "count": MAX_TERMS
        }
    return text, message


@dataclass
class SearchQuery:
    text: str
    message: str = ""
    kind: str = ""  # "" for everything, else a key of KINDS
    requested_page: int = 1
    sort: str = "relevance"
    filters: EntryFilters = field(default_factory=EntryFilters)

    @classmethod
    def from_request(cls, request):
        return cls.from_params(request.GET)

    @classmethod
    def from_params(cls, params):
        text, message = clean_query_text(params.get("q", ""))
        kind = params.get("type", "")
        sort = params.get("sort", "relevance")
        page = params.get("page", "1")
        return cls(
            requested_page=bounded_int(page, 1, MAX_PAGE) or 1,
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

    @property
    def name_words(self) -> list[str]:
        """The words names are matched by: an Irish O, Mc or Mac joined to the word after
        it, since 'O Neil' is O'Neil typed with a space."""
        return [word.casefold() for word in WORD.findall(with_particles_joined(self.text))]

    @cached_property
    def name_terms(self):
        return name_terms(self.name_words)

    # People ---------------------------------------------------------------------------
    @cached_property
    def matching_entries(self):
        """Public entries whose names match every word, narrowed by the filters (unordered)."""
        if not self.name_terms:
            return MemorialEntryPage.objects.none()
        entries = public_pages(MemorialEntryPage.objects.all())
        return self.filters.apply(match_entries(entries, self.name_terms))

    def entry_window(self, offset: int, limit: int = RESULTS_PER_PAGE):
        """(facets, entries) for one page of the people found, ranked by `sort`."""
        if not self.terms:
            return EntryFacets(), []
        facets, ids = cached(
            ("entries", tuple(self.name_words), self.filters.cache_key(), self.sort, offset, limit),
            lambda: self._rank_and_count(offset, limit),
            name_keys={key for term in self.name_terms for key in term.key_strings()},
            close_spellings=any(term.fuzzy for term in self.name_terms),
        )
        if not ids:
            return facets, []
        shown = public_pages(MemorialEntryPage.objects.filter(pk__in=ids))
        shown = shown.defer(*LONG_ENTRY_FIELDS)  # a result shows names, dates and places
        found = shown.select_related("birth_place", "death_place").in_bulk()
        return facets, [found[pk] for pk in ids if pk in found]

    def _rank_and_count(self, offset: int, limit: int):
        if not self.name_terms:
            return EntryFacets(), []
        return entry_facets(self.matching_entries, self.sort, (offset, limit))

    @cached_property
    def first_window(self):
        return self.entry_window((self.requested_page - 1) * RESULTS_PER_PAGE)

    @property
    def facets(self) -> EntryFacets:
        return self.first_window[0]

    def ranked_entries(self) -> "RankedEntries":
        return RankedEntries(self)

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

    def text_matches(self, kind: str, previews: int) -> tuple[int, list]:
        """(how many, the first `previews` pages) of testimonies or galleries found.

        The count and ids are kept like the people's; the pages are read again through
        `public_pages()`.
        """

        def count_and_ids():
            found = self.results_of(kind)
            ids = [page.pk for page in found[: max(previews, 1)]]
            # Fewer than asked for is all there is: no count needed (most names, no pages).
            count = len(ids) if len(ids) < max(previews, 1) else found.count()
            return count, ids[:previews]

        count, ids = cached(
            ("text", kind, tuple(self.terms), bool(self.filters), previews), count_and_ids
        )
        if not ids:
            return count, []
        model = TestimonyPage if kind == "testimony" else GalleryPage
        shown = public_pages(model.objects.filter(pk__in=ids)).in_bulk()
        return count, [shown[pk] for pk in ids if pk in shown]

    def results_of(self, kind: str):
        if kind == "entry":
            return self.ranked_entries()
        return self.testimonies if kind == "testimony" else self.galleries


class RankedEntries(Sequence):
    """The people found, as a sequence a Paginator can count and slice.

    The page asked for was fetched with the facets in one statement; any other slice
    (a page number beyond the last, clamped by the paginator) is fetched on demand.
    """

    def __init__(self, query: SearchQuery):
        self.query = query

    def __len__(self):
        return self.query.facets.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        if start == (self.query.requested_page - 1) * RESULTS_PER_PAGE:
            return self.query.first_window[1][: max(0, stop - start)]
        return self.query.entry_window(start, max(0, stop - start))[1]
