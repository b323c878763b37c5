import datetime

import pytest

from memorial.core.dates import DatePrecision
from memorial.entries.models import MemorialEntryPage
from memorial.entries.timeline import life_timeline

from ..factories import MemorialEntryPageFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def event(date, title, precision="year", place=None):
    return {
        "type": "event",
        "value": {
            "date": date,
            "precision": precision,
            "title": title,
            "description": "",
            "place": place,
        },
    }


@pytest.fixture
def entry(memorial_index):
    town = PlaceFactory(name="Kestrava")
    return MemorialEntryPageFactory(
        parent=memorial_index,
        birth_date=datetime.date(1920, 3, 4),
        birth_date_precision=DatePrecision.DAY,
        death_date=datetime.date(1942, 5, 14),
        death_date_precision=DatePrecision.DAY,
        biography=[
            {"type": "paragraph", "value": "<p>A fictional life.</p>"},
            event("1938-01-01", "Moves to the coast", place=town.pk),
            event(None, "Sings in a choir", precision="unknown"),
            event("1926-09-01", "Starts school", precision="month"),
        ],
    )


def test_events_come_in_date_order_between_birth_and_death(entry):
    titles = [(item.kind, item.title) for item in life_timeline(entry)]
    assert titles == [
        ("birth", "Born"),
        ("event", "Starts school"),
        ("event", "Moves to the coast"),
        ("death", "Died"),
        ("event", "Sings in a choir"),  # undated: last, as the biography tells it
    ]


def test_an_event_on_the_birth_date_stands_for_the_birth(memorial_index):
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        birth_date=datetime.date(1920, 1, 1),
        birth_date_precision=DatePrecision.YEAR,
        biography=[event("1920-01-01", "Born in a mill house"), event("1930-01-01", "Moves")],
    )
    items = life_timeline(entry)
    assert [(item.kind, item.title) for item in items][:2] == [
        ("birth", "Born in a mill house"),
        ("event", "Moves"),
    ]


def test_no_events_no_timeline(client, memorial_index):
    entry = MemorialEntryPageFactory(
        parent=memorial_index, biography=[{"type": "paragraph", "value": "<p>Words.</p>"}]
    )
    assert life_timeline(entry) == []
    assert "timeline-heading" not in client.get(entry.url).content.decode()


def test_the_entry_page_shows_the_timeline_as_an_ordered_list(client, entry):
    html = client.get(entry.url).content.decode()
    section = html.split('aria-labelledby="timeline-heading"', 1)[1].split("</section>", 1)[0]
    assert "<ol" in section
    assert section.index("Starts school") < section.index("Moves to the coast")
    assert '<time datetime="1920-03-04">' in section
    assert '<time datetime="1942-05-14">' in section
    assert "Kestrava" in section
    assert "css/timeline.css" in html


def test_the_timeline_costs_at_most_one_query(entry, django_assert_max_num_queries):
    page = MemorialEntryPage.objects.get(pk=entry.pk)
    page.birth_place, page.death_place  # noqa: B018 - loaded by the page header already
    with django_assert_max_num_queries(1):  # the places the events name, all at once
        life_timeline(page)


def test_an_event_in_the_year_of_a_circa_birth_does_not_stand_for_it(memorial_index):
    """'c. 1920' and '1920' are not the same date: the birth stays as uncertain as it is."""
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        birth_date=datetime.date(1920, 1, 1),
        birth_date_precision=DatePrecision.APPROXIMATE,
        biography=[event("1920-01-01", "Moves to the mill", precision="year")],
    )
    items = [(item.kind, item.title, item.display_date) for item in life_timeline(entry)]
    assert items[:2] == [("birth", "Born", "c. 1920"), ("event", "Moves to the mill", "1920")]


@pytest.mark.parametrize(
    ("death", "precision"),
    [("1942-01-01", DatePrecision.YEAR), ("1942-05-01", DatePrecision.MONTH)],
)
def test_a_death_known_to_the_year_or_month_comes_after_the_events_within_it(
    memorial_index, death, precision
):
    """'Died 1942' is stored as 1 January 1942; an event on 14 May 1942 happened in the
    person's life, so the timeline must not show the death before it."""
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        birth_date=datetime.date(1920, 1, 1),
        birth_date_precision=DatePrecision.YEAR,
        death_date=datetime.date.fromisoformat(death),
        death_date_precision=precision,
        biography=[event("1942-05-14", "Leaves the village", precision="day")],
    )
    assert [item.kind for item in life_timeline(entry)] == ["birth", "event", "death"]
