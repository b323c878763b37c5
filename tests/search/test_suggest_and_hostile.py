"""Name suggestions, and queries meant to break the search."""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def suggest(client, q):
    response = client.get("/search/suggest/", {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_suggestions_complete_a_prefix_in_any_script(client, person):
    entry = person("Məmmədov", given="Əli")
    person("Okonkwo")
    for prefix in ("Məm", "Mam", "Мам", "mam"):
        names = [item["name"] for item in suggest(client, prefix)]
        assert names == [entry.title], prefix
    item = suggest(client, "Mam")[0]
    assert item["url"] == entry.url and item["identifier"] == entry.identifier


def test_earlier_words_must_match_and_the_last_is_a_prefix(client, person):
    ali = person("Məmmədov", given="Əli")
    person("Məmmədov", given="Rauf")
    assert [item["name"] for item in suggest(client, "Ali Mam")] == [ali.title]


def test_an_irish_name_typed_with_a_space_is_suggested(client, person):
    entry = person("O'Tessary")
    for typed in ("O Tes", "O' Tes", "OTes"):
        assert [item["name"] for item in suggest(client, typed)] == [entry.title], typed


def test_at_most_ten_suggestions_and_none_for_one_letter(client, person):
    for number in range(12):
        person("Tessaro", given=f"Ilmar{number}")
    assert len(suggest(client, "Tes")) == 10
    assert suggest(client, "T") == []
    assert suggest(client, "") == []


def test_suggestions_never_name_hidden_people(client, person, memorial_index):
    person("Veltranova", given="Shown")
    person("Veltranova", given="Draft", live=False)
    person("Veltranova", given="Staff", access_level="staff")
    person("Veltranova", given="Embargoed", embargo_until="2999-01-01")
    private = person("Veltranova", given="Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert [item["name"] for item in suggest(client, "Velt")] == ["Shown Veltranova"]


HOSTILE = [
    "x" * 100_000,
    "Mam\x00edov\x1b[31m\u202e",
    'AND OR NOT ( ) " * : ^ ~ - + | & ! {} [] \\ / ?',
    " ".join(f"w{number}" for number in range(5000)),
    "' OR 1=1 --",
    "%_%_%",
    "🕯️" * 300,
    "\u0301\u0301\u0301",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_get_an_answer_not_an_error(
    client, person, q, django_assert_max_num_queries
):
    person("Tessaro")
    with django_assert_max_num_queries(40):
        assert client.get("/search/", {"q": q}).status_code == 200
    assert client.get("/search/suggest/", {"q": q}).status_code == 200


def test_long_queries_are_shortened_with_a_message(client):
    html = client.get("/search/", {"q": "Tessaro " * 200}).content.decode()
    assert "shortened to its first 200 characters" in html or "first 12 words" in html


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"page": "-1"},
        {"type": "<script>"},
        {"sort": "pk; DROP TABLE"},
        {"birth_place": "99999999999999999999"},
        {"collection": "12abc"},
        {"born_from": "-500", "died_to": "1e9"},
        {"has_photo": "yes"},
    ],
)
def test_malformed_parameters_are_ignored(client, person, params):
    person("Tessaro")
    response = client.get("/search/", {"q": "Tessaro", **params})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_a_query_is_escaped_wherever_it_is_shown(client, person):
    person("Tessaro")
    html = client.get("/search/", {"q": "Tessaro <img src=x onerror=alert(1)>"}).content.decode()
    assert "<img src=x" not in html
