"""Highlighted passages of transcripts that contain the words searched for."""

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from memorial.testimonies.models import TranscriptSegment
from memorial.testimonies.moments import moment_anchor, nth_in_second

SNIPPETS_PER_TESTIMONY = 3
MAX_SEGMENTS_READ = 200
CONTEXT_CHARS = 90


@dataclass
class TranscriptSnippet:
    start_seconds: int | None
    timecode: str
    html: SafeString
    nth_in_second: int = 1  # passages starting in the same second have ids of their own

    @property
    def anchor(self) -> str:
        if self.start_seconds is None:
            return "transcript-heading"
        return moment_anchor(self.start_seconds, self.nth_in_second)


def highlight(text: str, words: list[str]) -> SafeString:
    """An escaped excerpt around the first word found, every word found wrapped in <mark>."""
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - CONTEXT_CHARS) if first else 0
    end = min(len(text), (first.end() if first else 0) + CONTEXT_CHARS * 2)
    excerpt = text[start:end]
    pieces, position = [], 0
    for found in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[position : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        position = found.end()
    pieces.append(escape(excerpt[position:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces).strip() + suffix)


def transcript_snippets(testimony_ids, words: list[str]) -> dict[int, list[TranscriptSnippet]]:
    """Up to three highlighted passages per testimony, in the order they are spoken."""
    words = [word for word in words if word]
    if not words or not testimony_ids:
        return {}
    contains_a_word = reduce(or_, [Q(text__icontains=word) for word in words])
    segments = (
        TranscriptSegment.objects.not_withheld()
        .filter(contains_a_word, page_id__in=list(testimony_ids))
        .order_by("page_id", "sort_order", "pk")
        .only("page_id", "start_seconds", "text")[:MAX_SEGMENTS_READ]
    )
    chosen: dict[int, list[TranscriptSegment]] = {}
    for segment in segments:
        shown = chosen.setdefault(segment.page_id, [])
        if len(shown) < SNIPPETS_PER_TESTIMONY:
            shown.append(segment)
    nth = nth_in_second([segment for shown in chosen.values() for segment in shown])
    return {
        page_id: [
            TranscriptSnippet(
                segment.start_seconds,
                segment.start_timecode,
                highlight(segment.text, words),
                nth_in_second=nth.get(segment.pk, 1),
            )
            for segment in shown
        ]
        for page_id, shown in chosen.items()
    }
