"""Keywords: one term per name, however it was typed."""

import unicodedata

import pytest

from memorial.testimonies.models import Keyword

from ..factories import KeywordFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/testimonies/keyword/add/"


@pytest.mark.parametrize("typed", ["childhood", " Childhood", "CHILD  HOOD".replace("  ", "")])
def test_the_keyword_editor_refuses_a_second_term_of_the_same_name(archivist, typed):
    KeywordFactory(name="Childhood")
    response = archivist.post(ADD, {"name": typed, "broader": "", "scope_note": ""})
    assert response.status_code == 200
    assert "“Childhood” is already a term" in response.content.decode()
    assert Keyword.objects.count() == 1


def test_a_term_in_decomposed_unicode_is_the_same_term(archivist):
    KeywordFactory(name=unicodedata.normalize("NFC", "Sürgün"))
    typed = unicodedata.normalize("NFD", "sürgün")
    response = archivist.post(ADD, {"name": typed, "broader": "", "scope_note": ""})
    assert "is already a term" in response.content.decode()
    response = archivist.post(ADD, {"name": "  Exile  years ", "broader": "", "scope_note": ""})
    assert response.status_code == 302
    assert Keyword.objects.filter(name="Exile years").exists()
