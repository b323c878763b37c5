"""The public search lists live, public, unrestricted pages only."""

import pytest
from wagtail.models import PageViewRestriction

from ..factories import MemorialEntryPageFactory, TestimonyPageFactory

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_a_public_entry_by_name(client, memorial_index):
    MemorialEntryPageFactory(parent=memorial_index, given_name="Quillon", family_name="Ardevar")
    assert "Quillon Ardevar" in search(client, "Ardevar")


def test_search_never_lists_drafts_private_or_restricted_pages(
    client, memorial_index, testimony_index
):
    MemorialEntryPageFactory(parent=memorial_index, given_name="Visiblezz", family_name="Zarquon")
    MemorialEntryPageFactory(
        parent=memorial_index, given_name="Draftzz", family_name="Zarquon", live=False
    )
    private = MemorialEntryPageFactory(
        parent=memorial_index, given_name="Privatezz", family_name="Zarquon"
    )
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    MemorialEntryPageFactory(
        parent=memorial_index, given_name="Staffzz", family_name="Zarquon", access_level="staff"
    )
    TestimonyPageFactory(
        parent=testimony_index, title="Zarquon embargoed", embargo_until="2999-01-01"
    )
    TestimonyPageFactory(
        parent=testimony_index, title="Zarquon researchers", access_level="researchers"
    )

    MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="Embargozz",
        family_name="Zarquon",
        embargo_until="2999-01-01",
    )
    html = search(client, "Zarquon")
    assert "1 person found" in html  # hidden people are not counted either
    assert "Visiblezz" in html
    hidden_ones = ("Draftzz", "Privatezz", "Staffzz", "Embargozz", "Zarquon embargoed")
    for hidden in (*hidden_ones, "Zarquon researchers"):
        assert hidden not in html


def test_pages_under_a_private_collection_are_not_listed(client, memorial_index):
    PageViewRestriction.objects.create(page=memorial_index, restriction_type="login")
    MemorialEntryPageFactory(parent=memorial_index, given_name="Undercover", family_name="Veltrano")
    assert "Undercover" not in search(client, "Veltrano")


def test_an_expired_embargo_opens_at_once(client, testimony_index):
    TestimonyPageFactory(
        parent=testimony_index, title="Opened Qelvarin", embargo_until="2000-01-01"
    )
    assert "Opened Qelvarin" in search(client, "Qelvarin")


@pytest.mark.parametrize(
    "query",
    [
        "x" * 5000,
        "a\x00b\x1f\x7f",
        'AND OR NOT ( ) " * : ^ ~',
        "NEAR(a b) -x a* {col}:y",
        "Anne-Marie O'Neil",
        " ".join(["name"] * 2000),
        "   ",
    ],
)
def test_hostile_queries_get_an_answer_not_an_error(client, memorial_index, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
