"""The speaker labels an anonymous narrator's testimony shows (memorial.testimonies.speakers)."""

import pytest
from django.utils import translation

from memorial.testimonies.models import TestimonyPage
from memorial.testimonies.speakers import public_speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return TestimonyPage(narrator="", narrator_is_anonymous=True, interviewer="Tovel Arnsk")


@pytest.mark.parametrize(
    "label",
    [
        "Interpreter",
        "Translator",
        "  translator ",
        "Şifahi tərcüməçi",
        "MÜSAHİBƏNİ APARAN",
        "DANIŞAN",
        "Tərcüməçi",
        "Устный переводчик",
        "Переводчик",
        # A woman in the role, as Russian names her.
        "Рассказчица",
        "Устная переводчица",
        "Переводчица",
        "Interviewer",
        "Tovel Arnsk",
    ],
)
def test_a_role_or_the_interviewer_is_shown_as_labelled(anonymous, label):
    assert public_speaker(anonymous, label) == label


@pytest.mark.parametrize(
    "label", ["Maren Oskeli", "Interpreter Maren Oskeli", "Maren (translator)", "Maren"]
)
def test_anything_that_could_be_a_name_reads_narrator(anonymous, label):
    assert public_speaker(anonymous, label) == "Narrator"
    with translation.override("ru"):
        assert public_speaker(anonymous, label) == "Рассказчик"
