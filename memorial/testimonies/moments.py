"""Moments in a testimony: the transcript as a viewer may read it, and where a person is named.

Two readers use this module:

- the testimony page, which shows the transcript line by line (`transcript_for`), marks the
  moment asked for with `?t=<seconds>` (`requested_second`), and never hands a withheld
  passage's text, reason or index to a visitor's template;
- the entry page, which lists the public testimonies that mention a person and the exact
  moments they do (`public_moments_for_entry`), in a fixed number of queries.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from memorial.core.caching import query_not_canonical
from memorial.core.privacy import is_staff_viewer, public_pages

from .models import TestimonyMention, TestimonyPage, TranscriptSegment
from .models.inlines import format_timecode
from .speakers import public_speaker

# ?t= beyond this is junk, not a moment of any recording (100 hours).
MAX_SECOND = 100 * 3600
TESTIMONIES_PER_ENTRY = 20
MOMENTS_PER_TESTIMONY = 5


def moment_anchor(seconds: int, nth: int = 1) -> str:
    """The id of the `nth` passage that starts at this second: 't-125', then 't-125-2', …
    The first keeps the plain id, so links to the second (#t-125) still find it."""
    return f"t-{seconds}" if nth == 1 else f"t-{seconds}-{nth}"


def moment_query(seconds: int, nth: int = 1) -> str:
    """The query and fragment that open a testimony at this second (at its `nth` passage),
    with or without JavaScript."""
    return f"?t={seconds}#{moment_anchor(seconds, nth)}"


def nth_in_second(segments) -> dict[int, int]:
    """Which passage starting in its second each of these segments is (1 for the first), by
    segment id, in the page's order and counting withheld passages (the page gives them
    ids too); one query."""
    timed = [segment for segment in segments if segment.start_seconds is not None]
    if not timed:
        return {}
    rows = (
        TranscriptSegment.objects.filter(
            page_id__in={segment.page_id for segment in timed},
            start_seconds__in={segment.start_seconds for segment in timed},
        )
        .order_by("page_id", "sort_order", "pk")
        .values_list("pk", "page_id", "start_seconds")
    )
    seen: Counter = Counter()
    nth = {}
    for pk, page_id, seconds in rows:
        seen[page_id, seconds] += 1
        nth[pk] = seen[page_id, seconds]
    return nth


def requested_second(request, duration=None) -> int | None:
    """The second asked for with ?t=, or None when it is missing or not a sensible number.
    A second past the recording's `duration` is still used, but the page is not shared."""
    given = request.GET.get("t", "")
    seconds = _second(given.strip())
    past_the_end = seconds is not None and duration and seconds > duration.total_seconds()
    if given and (str(seconds) != given or past_the_end):
        query_not_canonical(request)
    return seconds


def _second(raw: str) -> int | None:
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7:
        return None
    seconds = int(raw)
    return seconds if seconds <= MAX_SECOND else None


@dataclass
class TranscriptLine:
    """One segment as this viewer may see it. A visitor's copy of a withheld passage holds
    only the placeholder: its text, reason and index never reach the template."""

    anchor: str
    start_seconds: int | None
    nth_in_second: int
    end_seconds: int | None
    speaker: str
    text: str
    withheld: bool
    redacted: bool = False  # this viewer sees the placeholder, not the text
    withheld_reason: str = ""
    keywords: list = field(default_factory=list)
    people: list = field(default_factory=list)
    places: list = field(default_factory=list)
    is_current: bool = False

    @property
    def timed(self) -> bool:
        return self.start_seconds is not None

    @property
    def start_timecode(self) -> str:
        return format_timecode(self.start_seconds)

    @property
    def link(self) -> str:
        if not self.timed:
            return f"#{self.anchor}"
        return moment_query(self.start_seconds, self.nth_in_second)


def transcript_for(page, user, current_second: int | None = None) -> list[TranscriptLine]:
    """The page's transcript for this user, in four queries however long it is.

    People are limited to public entries for everyone: a draft or restricted entry's name
    must not appear on a page that visitors (and the staff previewing for them) read.
    """
    from memorial.entries.models import MemorialEntryPage

    staff = is_staff_viewer(user)
    visible_people = public_pages(MemorialEntryPage.objects.all()).only(
        "pk", "title", "url_path", "identifier"
    )
    segments = page.segments.all()
    if isinstance(segments, QuerySet):
        segments = segments.prefetch_related(
            "keywords",
            "places",
            Prefetch("people", queryset=visible_people.order_by("sort_name", "pk")),
        )
        people = [list(segment.people.all()) for segment in segments]
    else:
        people = _people_in_draft(segments, visible_people)
    lines = []
    started_in_second = Counter()
    for number, (segment, named) in enumerate(zip(segments, people, strict=True), start=1):
        hidden = segment.withheld and not staff
        timed = segment.start_seconds is not None
        started_in_second[segment.start_seconds] += 1
        nth = started_in_second[segment.start_seconds]
        lines.append(
            TranscriptLine(
                anchor=moment_anchor(segment.start_seconds, nth) if timed else f"segment-{number}",
                start_seconds=segment.start_seconds,
                nth_in_second=nth,
                end_seconds=segment.end_seconds,
                speaker=public_speaker(page, segment.speaker),
                text=segment.public_text if hidden else segment.text,
                withheld=segment.withheld,
                redacted=hidden,
                withheld_reason="" if hidden else segment.withheld_reason,
                keywords=[] if hidden else list(segment.keywords.all()),
                people=[] if hidden else named,
                places=[] if hidden else list(segment.places.all()),
            )
        )
    if current_second is not None:
        current = line_at(lines, current_second)
        if current is not None:
            current.is_current = True
    return lines


def _people_in_draft(segments, visible_people) -> list[list]:
    """Each segment's public people, for a preview or a draft: their segments (new ones not
    saved yet) hold their index in memory, which a database prefetch would fail on, or
    replace with the saved one."""
    named = [{person.pk for person in segment.people.all()} for segment in segments]
    shown = list(visible_people.filter(pk__in=set().union(*named)).order_by("sort_name", "pk"))
    return [[person for person in shown if person.pk in pks] for pks in named]


def line_at(lines, second: int):
    """The timed line that starts at `second` or contains it (the latest start before it).

    A second past the known end of that line falls in a gap of the transcript: no line.
    """
    started = [line for line in lines if line.timed and line.start_seconds <= second]
    found = max(started, key=lambda line: line.start_seconds, default=None)
    if found is not None and found.end_seconds is not None and second > found.end_seconds:
        return None
    return found


@dataclass
class Moment:
    seconds: int
    nth_in_second: int = 1

    @property
    def timecode(self) -> str:
        return format_timecode(self.seconds)

    @property
    def query(self) -> str:
        return moment_query(self.seconds, self.nth_in_second)


@dataclass
class TestimonyMoments:
    testimony: TestimonyPage
    moments: list[Moment]


def _naming(entries):
    """What names these people in a testimony: a mention at page level, or a passage that is
    not withheld (a withheld passage leaves no trace)."""
    return (
        TestimonyMention.objects.filter(entry__in=entries),
        TranscriptSegment.objects.not_withheld().filter(people__in=entries),
    )


def public_testimonies_mentioning(entry):
    """Public testimonies that name this person at page level or in a passage not withheld."""
    mentions, passages = _naming([entry])
    return public_pages(
        TestimonyPage.objects.filter(
            Q(pk__in=mentions.values("page_id")) | Q(pk__in=passages.values("page_id"))
        )
    )


def public_testimonies_mentioning_each(entries, limit) -> dict:
    """`public_testimonies_mentioning` for each of these entries, by entry id: at most `limit`
    testimonies each, oldest first, in three queries whatever the number of entries."""
    mentions, passages = _naming(entries)
    pairs = {
        *mentions.values_list("entry_id", "page_id"),
        *passages.values_list("people", "page_id").distinct(),
    }
    testimonies = public_pages(
        TestimonyPage.objects.filter(pk__in={page_id for _, page_id in pairs})
    ).in_bulk()
    found = defaultdict(list)
    for entry_id, page_id in sorted(pairs):
        if page_id in testimonies:
            found[entry_id].append(testimonies[page_id])
    return {entry.pk: found[entry.pk][:limit] for entry in entries}


def public_moments_for_entry(entry) -> list[TestimonyMoments]:
    """The public testimonies that mention this person, each with its moments, in three
    queries.

    A testimony counts when it names the person at page level (a TestimonyMention) or in a
    passage that is not withheld. A withheld passage gives no trace: it neither lists the
    testimony nor shows its time.
    """
    testimonies = list(
        public_testimonies_mentioning(entry)
        .only("pk", "title", "url_path", "narrator", "narrator_is_anonymous")
        .order_by("title", "pk")[:TESTIMONIES_PER_ENTRY]
    )
    if not testimonies:
        return []

    rows = (
        TranscriptSegment.objects.not_withheld()
        .filter(
            people=entry,
            page_id__in=[testimony.pk for testimony in testimonies],
            start_seconds__isnull=False,
        )
        .annotate(
            position=Window(
                RowNumber(), partition_by=[F("page_id")], order_by=[F("start_seconds"), F("pk")]
            )
        )
        .filter(position__lte=MOMENTS_PER_TESTIMONY)
        .only("pk", "page_id", "start_seconds")
        .order_by("page_id", "start_seconds", "sort_order", "pk")
    )
    rows = list(rows)
    nth = nth_in_second(rows)
    moments: dict[int, list[Moment]] = {}
    for row in rows:
        found = moments.setdefault(row.page_id, [])
        if not found or found[-1].seconds != row.start_seconds:
            found.append(Moment(row.start_seconds, nth.get(row.pk, 1)))
    return [TestimonyMoments(testimony, moments.get(testimony.pk, [])) for testimony in testimonies]
