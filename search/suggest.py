"""Name suggestions while typing: the last word is a prefix, any words before it must match."""

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q

from memorial.core.matching.keys import MatchKind, with_particles_joined, words_of
from memorial.core.matching.transliteration import normalise_word, romanisations
from memorial.core.privacy import public_pages
from memorial.entries.models import EntryNameKey, MemorialEntryPage

from .names import match_entries, name_terms

MAX_SUGGESTIONS = 10
MIN_PREFIX_LENGTH = 2
MAX_PREFIX_FORMS = 6


def _starts_with(prefix: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(key__startswith=prefix)  # LIKE 'prefix%' on the varchar_pattern_ops index
    # SQLite's LIKE ignores case and its indexes; a range is an exact, indexed prefix test.
    return Q(key__gte=prefix, key__lt=prefix + "\U0010ffff")


def prefix_entry_ids(prefix_word: str):
    exact = normalise_word(prefix_word)
    conditions = [Q(kind=MatchKind.EXACT) & _starts_with(exact)]
    for spelling in romanisations(prefix_word)[:MAX_PREFIX_FORMS]:
        conditions.append(Q(kind=MatchKind.SPELLING) & _starts_with(spelling))
    return EntryNameKey.objects.filter(reduce(or_, conditions)).values("entry_id")


def suggest(text: str) -> list[MemorialEntryPage]:
    words = words_of(with_particles_joined(text))
    if not words or len(normalise_word(words[-1])) < MIN_PREFIX_LENGTH:
        return []
    *complete, prefix = words
    entries = public_pages(MemorialEntryPage.objects.all()).filter(pk__in=prefix_entry_ids(prefix))
    if complete:
        entries = match_entries(entries, name_terms(complete))
    return list(entries.order_by("sort_name", "pk")[:MAX_SUGGESTIONS])


def as_json(entries) -> list[dict]:
    return [
        {
            "name": entry.title,
            "dates": entry.life_span,
            "identifier": entry.identifier,
            "url": entry.url,
        }
        for entry in entries
    ]
