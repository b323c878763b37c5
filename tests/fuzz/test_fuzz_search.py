"""Fuzz /search/ and /search/suggest/: any query string gets a page, never a 500."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.facets import EntryFilters

from ..factories import MemorialEntryPageFactory, PlaceFactory
from .checks import assert_handled
from .strategies import form_fields, hostile_text, maybe, numberish

pytestmark = pytest.mark.django_db

NAMES = ["Orsolya Venn", "Əli Məmmədov", "Мамедов", "Tessaro", "Venn", "Ali Mam", "o'Brannagh"]

search_params = form_fields(
    {
        "q": maybe(st.sampled_from(NAMES)),
        "type": maybe(st.sampled_from(["entry", "testimony", "gallery", ""])),
        "sort": maybe(st.sampled_from(["relevance", "name", "date"])),
        "page": numberish(),
        **{name: numberish() for name in EntryFilters.IDS + EntryFilters.YEARS},
        **{name: maybe(st.just("1")) for name in EntryFilters.FLAGS},
        "extra": hostile_text(50),
    }
)


@pytest.fixture
def archive(memorial_index):
    """A few public people with places and dates, made once for all the examples of a test."""
    birth_place = PlaceFactory(name="Velmora")
    people = [
        ("Orsolya", "Venn"),
        ("Əli", "Məmmədov"),
        ("Ilmar", "Tessaro"),
        ("Tamar", "O'Brannagh"),
    ]
    for given_name, family_name in people:
        MemorialEntryPageFactory(
            parent=memorial_index,
            given_name=given_name,
            family_name=family_name,
            birth_place=birth_place,
        )
    return memorial_index


@given(params=search_params)
def test_search_page_answers_any_query_string(client, archive, params):
    assert_handled(client.get("/search/", params), allowed=(200,))


@given(q=st.one_of(st.sampled_from(NAMES), hostile_text()), extra=hostile_text(40))
def test_suggestions_answer_any_text_with_json(client, archive, q, extra):
    response = client.get("/search/suggest/", {"q": q, extra: extra})
    assert_handled(response, allowed=(200,))
    assert isinstance(response.json()["results"], list)
