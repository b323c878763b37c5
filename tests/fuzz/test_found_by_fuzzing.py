"""Plain regression tests for the server errors the fuzz tests found, one input each."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memorial.core.abuse import timing_token
from search.facets import bounded_int

from ..factories import MemorialEntryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def person(memorial_index):
    return MemorialEntryPageFactory(parent=memorial_index, given_name="Orsolya", family_name="Venn")


@pytest.mark.parametrize("page", ["²", "①", "9" * 5000, "٣"])
def test_a_page_number_that_is_not_a_plain_number_shows_the_first_page(client, page):
    response = client.get("/search/", {"q": "Venn", "page": page})
    assert response.status_code == 200
    assert b"Orsolya Venn" in response.content


@pytest.mark.parametrize("year", ["¹⁹⁴²", "1" * 5000])
def test_a_year_that_is_not_a_plain_number_is_reported_and_ignored(client, year):
    response = client.get("/search/", {"q": "Venn", "died_from": year, "collection": "²"})
    assert response.status_code == 200
    assert "must be a year such as 1942" in response.content.decode()
    assert b"Orsolya Venn" in response.content


def test_bounded_int_takes_decimal_digits_of_any_script_within_bounds():
    assert bounded_int("1942", 1, 2100) == 1942
    assert bounded_int("١٩٤٢", 1, 2100) == 1942  # Arabic-Indic digits are digits
    assert bounded_int("0001942", 1, 2100) == 1942
    assert bounded_int("²", 1, 2100) is None
    assert bounded_int("2101", 1, 2100) is None
    assert bounded_int("", 1, 2100) is None
    assert bounded_int("-5", 1, 2100) is None


def proposal(**overrides):
    data = {
        "family_name": "Tessaro",
        "submitter_name": "Mira Ostrander",
        "email": "mira@example.org",
        "sex": "unknown",
        "may_publish": "on",
        "form_token": timing_token(seconds_ago=60),
    }
    return {**data, **overrides}


@pytest.mark.parametrize("field_name", ["photo", "x", "photo_²"])
def test_a_proposal_with_a_file_under_an_unknown_name_gets_its_form_back(client, field_name):
    # No e-mail address: the form comes back, and asks whether files were dropped.
    data = proposal(email="", **{field_name: SimpleUploadedFile("a.jpg", b"not an image")})
    response = client.post("/submit-a-name/", data)
    assert response.status_code == 400
    assert b"Your e-mail address" in response.content


@pytest.mark.parametrize("collection", ["99999999999999999999999999", "2147483648", "٣", "-1"])
def test_a_proposal_for_a_collection_no_database_could_hold_is_refused(client, collection):
    response = client.post("/submit-a-name/", proposal(collection=collection))
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content


def test_a_collection_filter_naming_no_collection_finds_nobody(client, memorial_index):
    root_page_id = 1  # a page, but not a collection of names
    for collection in (str(root_page_id), "2147483647"):
        response = client.get("/search/", {"q": "Venn", "collection": collection})
        assert response.status_code == 200
        assert b"Orsolya Venn" not in response.content


@pytest.mark.parametrize("identifier", ["%00", "a%00b", "%C3%86%00", "a" * 65, "-leading-dash"])
def test_an_identifier_no_entry_could_have_is_not_found(client, identifier):
    # PostgreSQL answered a NUL character in the lookup with an error (a 500).
    assert client.post(f"/e/{identifier}/candle/").status_code == 404
    assert client.get(f"/e/{identifier}/").status_code == 404


def test_a_real_identifier_still_lights_a_candle_and_links(client, person):
    response = client.post(f"/e/{person.identifier}/candle/", HTTP_ACCEPT="application/json")
    assert response.json() == {"count": 1, "lit": True}
    assert client.get(f"/e/{person.identifier}/").status_code == 302


def test_a_user_name_longer_than_any_account_is_refused_before_sign_in_is_tried(
    client, django_user_model
):
    django_user_model.objects.create_user("fictional-researcher", password="a fictional pw")
    # django-axes recorded the failed name in a 255-character column: PostgreSQL refused it.
    response = client.post("/research/sign-in/", {"username": "0" * 256, "password": "x"})
    assert response.status_code == 200
    assert "User names have at most 150 characters" in response.content.decode()
    signed_in = client.post(
        "/research/sign-in/", {"username": "fictional-researcher", "password": "a fictional pw"}
    )
    assert signed_in.status_code == 302
