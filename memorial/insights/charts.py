"""Geometry for server-rendered SVG: horizontal bar charts and a plain map of places.

Only numbers come out of here; the templates draw them (insights/includes/*.html) with
classes and SVG presentation attributes, never style attributes (the CSP forbids them).
"""

import math
from dataclasses import dataclass

CHART_WIDTH = 640
LABEL_WIDTH = 200  # left column for the labels
VALUE_WIDTH = 56  # right margin for the count after each bar
ROW_HEIGHT = 26
BAR_HEIGHT = 18
TOP = 8

MAP_WIDTH = 800
MAP_HEIGHT = 480
MAP_MARGIN = 36  # room for the largest circle at the edge
MIN_RADIUS, MAX_RADIUS = 4.0, 22.0
LABELLED_PLACES = 8
MIN_SPAN_DEGREES = 0.5  # a single place, or places close together, still get some room


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    place_id: int | None
    detail: str
    y: float  # top of the bar
    width: float
    text_y: float  # baseline of the label and the count
    value_x: float


@dataclass(frozen=True)
class BarChart:
    slug: str  # unique on the page: ids of the title and description
    title: str
    description: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    row_heading: str = ""  # the table's column headings
    count_heading: str = ""
    place_role: str = ""  # "born" or "died": rows link to the people born or died there

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def bar_chart(slug, title, description, rows, *, headings=("", ""), place_role="") -> BarChart:
    """Rows (label, count, place_id) as bars scaled to the largest count; `headings` name
    the table's two columns."""
    largest = max((row.count for row in rows), default=0) or 1
    plot_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        width = round(plot_width * row.count / largest, 1)
        bars.append(
            Bar(
                label=row.label,
                count=row.count,
                place_id=row.place_id,
                detail=row.detail,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 4,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    height = TOP * 2 + len(rows) * ROW_HEIGHT
    return BarChart(
        slug, title, description, bars, CHART_WIDTH, height, LABEL_WIDTH, *headings, place_role
    )


@dataclass(frozen=True)
class MapPoint:
    place: object  # statistics.MapPlace
    x: float
    y: float
    radius: float
    labelled: bool  # the largest places carry their name on the drawing


@dataclass(frozen=True)
class PlaceMap:
    points: list[MapPoint]
    width: int
    height: int
    bounds: tuple[float, float, float, float]  # south, west, north, east (degrees)


def place_map(places) -> PlaceMap:
    """An equirectangular projection fitted to the bounding box of the places.

    Longitudes are shrunk by the cosine of the middle latitude, so shapes near the poles are
    not stretched sideways; the box keeps its proportions inside the drawing. Larger counts
    get larger circles (area proportional to the count), drawn largest first so small ones
    stay clickable on top.
    """
    if not places:
        return PlaceMap([], MAP_WIDTH, MAP_HEIGHT, (0.0, 0.0, 0.0, 0.0))
    south, north = _span([p.latitude for p in places])
    west, east = _span([p.longitude for p in places])
    shrink = math.cos(math.radians((south + north) / 2)) or 1e-6
    box_width = (east - west) * shrink
    box_height = north - south
    scale = min(
        (MAP_WIDTH - 2 * MAP_MARGIN) / box_width, (MAP_HEIGHT - 2 * MAP_MARGIN) / box_height
    )
    offset_x = (MAP_WIDTH - box_width * scale) / 2
    offset_y = (MAP_HEIGHT - box_height * scale) / 2
    largest = max(place.people for place in places) or 1
    points = [
        MapPoint(
            place=place,
            x=round(offset_x + (place.longitude - west) * shrink * scale, 1),
            y=round(offset_y + (north - place.latitude) * scale, 1),
            radius=_radius(place.people, largest),
            labelled=rank < LABELLED_PLACES,
        )
        for rank, place in enumerate(sorted(places, key=lambda place: -place.people))
    ]
    points.sort(key=lambda point: -point.radius)
    return PlaceMap(points, MAP_WIDTH, MAP_HEIGHT, (south, west, north, east))


def _radius(count: int, largest: int) -> float:
    return round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(count / largest), 1)


def _span(values) -> tuple[float, float]:
    low, high = min(values), max(values)
    if high - low < MIN_SPAN_DEGREES:
        middle = (low + high) / 2
        low, high = middle - MIN_SPAN_DEGREES / 2, middle + MIN_SPAN_DEGREES / 2
    return low, high
