"""A person's life as a timeline: the dated events of the biography between birth and death.

The events come from the biography StreamField the page already loaded; only the places
the events name are read, in one query for all of them (Wagtail's bulk chooser lookup).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from memorial.core.dates import (
    DatePrecision,
    format_partial_date,
    iso_partial_date,
    last_possible_day,
)

EVENT_BLOCK = "event"


@dataclass(frozen=True)
class TimelineItem:
    kind: str  # "birth", "event" or "death"
    title: str
    date: date | None
    precision: str
    description: str = ""
    place: object = None  # entries.Place or None

    @property
    def iso(self) -> str:
        return iso_partial_date(self.date, self.precision)

    @property
    def display_date(self) -> str:
        return format_partial_date(self.date, self.precision)

    @property
    def is_dated(self) -> bool:
        return bool(self.iso)


KIND_ORDER = {"birth": 0, "event": 1, "death": 2}


def life_timeline(entry) -> list[TimelineItem]:
    """Birth, the dated events and death in date order; [] when the biography has no events.

    Events without a date come last, in the order the biography tells them. An event on the
    very date of birth or death (to the same precision) stands for that anchor.
    """
    events = [
        TimelineItem(
            "event",
            block.value.get("title") or "",
            block.value.get("date"),
            block.value.get("precision") or DatePrecision.UNKNOWN,
            block.value.get("description") or "",
            block.value.get("place"),
        )
        for block in entry.biography
        if block.block_type == EVENT_BLOCK
    ]
    if not events:
        return []
    anchors = [
        TimelineItem("birth", _("Born"), entry.birth_date, entry.birth_date_precision, "", None),
        TimelineItem("death", _("Died"), entry.death_date, entry.death_date_precision, "", None),
    ]
    anchors = [
        TimelineItem(item.kind, item.title, item.date, item.precision, place=place)
        for item, place in zip(anchors, (entry.birth_place, entry.death_place), strict=True)
        if item.is_dated
    ]
    events, anchors = _merge_anchors(events, anchors)
    dated = sorted(
        (item for item in anchors + events if item.is_dated),
        key=_order,
    )
    return dated + [item for item in events if not item.is_dated]


def _order(item: TimelineItem) -> tuple:
    """A partial date is stored as its first day. A death known only to the month or the
    year happened some time in it, after the events dated within it."""
    day = last_possible_day(item.date, item.precision) if item.kind == "death" else item.date
    return day, KIND_ORDER[item.kind]


def _merge_anchors(events, anchors):
    kept = []
    for anchor in anchors:
        same = next(
            (
                i
                for i, e in enumerate(events)
                # 'c. 1920' and '1920' share the ISO form '1920'.
                if e.kind == "event" and (e.iso, e.precision) == (anchor.iso, anchor.precision)
            ),
            None,
        )
        if same is None:
            kept.append(anchor)
        else:
            event = events[same]
            events[same] = TimelineItem(
                anchor.kind,
                event.title,
                event.date,
                event.precision,
                event.description,
                event.place or anchor.place,
            )
    return events, kept
