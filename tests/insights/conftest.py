import datetime

import pytest

from memorial.core.dates import DatePrecision
from memorial.insights.models import ArchiveNumbersPage

from ..factories import MemorialEntryPageFactory, TestimonyLanguageFactory, TestimonyPageFactory
from ..hidden_states import hide

HIDDEN_STATES = ["draft", "private", "researchers", "staff", "embargoed"]


def died(year, age=None, **kwargs):
    """Factory arguments for a person who died in `year` (at `age`, when given)."""
    fields = {
        "death_date": datetime.date(year, 6, 1),
        "death_date_precision": DatePrecision.YEAR,
        **kwargs,
    }
    if age is None:
        fields.update(birth_date=None, birth_date_precision=DatePrecision.UNKNOWN)
    else:
        fields.update(
            birth_date=datetime.date(year - age, 1, 1), birth_date_precision=DatePrecision.YEAR
        )
    return fields


@pytest.fixture
def numbers_page(home):
    page = ArchiveNumbersPage(title="The archive in numbers", slug="numbers")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def hidden_items(memorial_index, testimony_index):
    """One hidden entry and one hidden testimony (language 'uk') per protected state, each
    born and died in its own place, in 1999."""
    from ..factories import PlaceFactory

    for state in HIDDEN_STATES:
        place = PlaceFactory(name=f"Hiddenplace{state}", latitude=10, longitude=10)
        entry = MemorialEntryPageFactory(
            parent=memorial_index, birth_place=place, death_place=place, **died(1999, 85)
        )
        hide(entry, state)
        testimony = TestimonyPageFactory(parent=testimony_index)
        TestimonyLanguageFactory(page=testimony, language="uk")
        hide(testimony, state)
