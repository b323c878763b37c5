"""Fuzz the researchers' sign-in: any user name, password and `next` gets a page or a redirect."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from .checks import assert_handled
from .strategies import form_fields, hostile_text, maybe

pytestmark = pytest.mark.django_db

USERNAME, PASSWORD = "fictional-researcher", "a fictional password"
NEXT = ["/", "/search/?q=Venn", "//evil.example/", "https://evil.example/", "/research/terms/"]

sign_in = form_fields(
    {
        "username": maybe(st.just(USERNAME)),
        "password": maybe(st.just(PASSWORD), hostile_text(5000)),
        "next": maybe(st.sampled_from(NEXT)),
        "extra": hostile_text(40),
    }
)


@pytest.fixture
def researcher(django_user_model):
    return django_user_model.objects.create_user(USERNAME, password=PASSWORD)


@given(data=sign_in, next_in_query=maybe(st.sampled_from(NEXT)))
def test_sign_in_answers_anything(researcher, data, next_in_query):
    client = Client()  # a new visitor each time: one who signed in would only be redirected
    response = client.post(f"/research/sign-in/?{urlencode({'next': next_in_query})}", data)
    assert_handled(response, allowed=(200, 302, 400))
    if response.status_code == 302:
        assert not response["Location"].startswith(("//", "https:", "http:")), response["Location"]
