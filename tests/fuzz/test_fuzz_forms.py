"""Fuzz the families' forms: a remembrance, a proposed name, a candle. Never a 500.

Each field is valid, hostile or missing at random; files are real, truncated or corrupted
images or random bytes; unknown fields (including ones named like photographs) ride along.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from memorial.entries.models import MemorialIndexPage

from ..factories import MemorialEntryPageFactory, PlaceFactory
from .checks import as_files, assert_handled
from .strategies import (
    form_fields,
    fresh_timing_token,
    hostile_text,
    maybe,
    upload,
    url_segment,
)

pytestmark = pytest.mark.django_db

# Field names a hand-made request may use for files: near misses of the real ones.
ODD_FILE_FIELDS = ["photo", "photo_", "photo_0", "photo_99", "photo_²", "photo_١", "photo_1_x", "x"]

checkbox = maybe(st.just("on"))
email = maybe(st.sampled_from(["mira@example.org", "a@b.co"]))
name = maybe(st.sampled_from(["Mira Ostrander", "Əli", "Мира"]))


def uploads(real_fields: list[str]) -> st.SearchStrategy[dict]:
    field_names = st.one_of(st.sampled_from(real_fields + ODD_FILE_FIELDS), hostile_text(20))
    return st.dictionaries(field_names, upload(), max_size=3)


@pytest.fixture
def entry(memorial_index):
    return MemorialEntryPageFactory(parent=memorial_index, given_name="Orsolya", family_name="Venn")


remembrance = form_fields(
    {
        "submitter_name": name,
        "relationship": maybe(st.just("granddaughter")),
        "email": email,
        "shown_name": maybe(st.just("Her granddaughter Mira")),
        "text": maybe(st.just("She kept a garden of blue flowers."), hostile_text(12_000)),
        "may_publish_text": checkbox,
        "may_publish_photos": checkbox,
        "may_contact": checkbox,
        "form_token": fresh_timing_token(),
        "website": st.one_of(st.just(""), hostile_text(20)),
        "upload_token": hostile_text(80),
        "caption_1": maybe(st.just("Our house")),
        "alt_1": maybe(st.just("A white house with a garden")),
        "remove_1": checkbox,
        "caption_4": hostile_text(),
        "alt_11": hostile_text(),
    }
)


@given(data=remembrance, files=uploads([f"photo_{n}" for n in (1, 2, 4, 10)]))
def test_remembrance_form_answers_anything(client, entry, data, files):
    response = client.post(f"{entry.url}remember/", {**data, **as_files(files)})
    assert_handled(response, allowed=(200, 302, 400))


proposal = form_fields(
    {
        "given_name": name,
        "family_name": maybe(st.sampled_from(["Venn", "Məmmədov"])),
        "patronymic": hostile_text(),
        "birth_name": hostile_text(),
        "other_spellings": maybe(st.just("Мамедов Али\nMəmmədov Əli"), hostile_text(3000)),
        "sex": maybe(st.sampled_from(["male", "female", "unknown"])),
        "birth_date": maybe(st.sampled_from(["c. 1921", "1921-05", "1921-05-14", ""])),
        "birth_place": maybe(st.sampled_from(["velmora", "Lost Hamlet"])),
        "death_date": maybe(st.sampled_from(["1942", "1942-05", ""])),
        "death_place": hostile_text(),
        "occupation": hostile_text(),
        "story": maybe(st.just("He built a boat."), hostile_text(11_000)),
        "sources": maybe(st.just("Fictional letter, 1941"), hostile_text(4000)),
        "submitter_name": name,
        "relationship": hostile_text(),
        "email": email,
        "may_publish": checkbox,
        "may_contact": checkbox,
        "form_token": fresh_timing_token(),
        "website": st.one_of(st.just(""), hostile_text(20)),
        "upload_token": hostile_text(80),
        "collection": st.one_of(st.just("INDEX"), st.integers(-5, 10**12).map(str), hostile_text()),
        "photo_1_caption": hostile_text(),
        "photo_1_alt": hostile_text(),
    }
)


@pytest.fixture
def velmora():
    return PlaceFactory(name="Velmora", region="")


@given(data=proposal, files=uploads([f"photo_{n}" for n in (1, 2, 5)]))
def test_proposal_form_answers_anything(client, memorial_index, velmora, data, files):
    if data.get("collection") == "INDEX":
        data["collection"] = str(MemorialIndexPage.objects.values_list("pk", flat=True).first())
    response = client.post("/submit-a-name/", {**data, **as_files(files)})
    assert_handled(response, allowed=(200, 302, 400))


@given(
    identifier=st.one_of(st.just("ENTRY"), url_segment()),
    accept=st.one_of(st.just("application/json"), hostile_text(60)),
    user_agent=hostile_text(200),
    forwarded=hostile_text(60),
)
def test_candles_answer_any_identifier_and_headers(
    client, entry, settings, identifier, accept, user_agent, forwarded
):
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    identifier = entry.identifier if identifier == "ENTRY" else identifier
    response = client.post(
        f"/e/{identifier}/candle/",
        HTTP_ACCEPT=accept,
        HTTP_USER_AGENT=user_agent,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert_handled(response, allowed=(200, 302, 404))
