"""Keywords: one term per name, however it was typed."""

import unicodedata

import pytest

from memorial.testimonies.models import Keyword, TestimonyPage

from ..factories import KeywordFactory, TestimonyPageFactory

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


def found_by(words) -> list[int]:
    return [page.pk for page in TestimonyPage.objects.live().search(words)]


@pytest.fixture
def tagged_testimony(testimony_index):
    keyword = KeywordFactory(name="Oldharvest")
    testimony = TestimonyPageFactory(parent=testimony_index)
    testimony.keywords.add(keyword)
    testimony.save_revision().publish()
    assert found_by("Oldharvest") == [testimony.pk]
    return testimony, keyword


def test_a_keyword_renamed_in_the_admin_finds_its_testimonies_by_the_new_name(
    archivist, tagged_testimony, django_capture_on_commit_callbacks
):
    testimony, keyword = tagged_testimony
    with django_capture_on_commit_callbacks(execute=True):
        archivist.post(
            f"/admin/snippets/testimonies/keyword/edit/{keyword.pk}/",
            {"name": "Newharvest", "broader": "", "scope_note": ""},
        )
    assert found_by("Newharvest") == [testimony.pk]
    assert found_by("Oldharvest") == []


@pytest.mark.parametrize("change", ["renamed", "deleted"])
def test_a_keyword_changed_outside_the_admin_is_searched_as_it_is_now(
    tagged_testimony, django_capture_on_commit_callbacks, change
):
    testimony, keyword = tagged_testimony
    with django_capture_on_commit_callbacks(execute=True):
        if change == "renamed":
            keyword.name = "Newharvest"
            keyword.save()
        else:
            keyword.delete()
    assert found_by("Oldharvest") == []
    assert found_by("Newharvest") == ([testimony.pk] if change == "renamed" else [])


def test_testimonies_tagged_with_a_merged_keyword_are_found_by_the_kept_one(
    admin_client, tagged_testimony, django_capture_on_commit_callbacks
):
    testimony, duplicate = tagged_testimony
    kept = KeywordFactory(name="Harvestwork")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/admin/snippets/testimonies/keyword/merge/{duplicate.pk}/", {"into": kept.pk}
        )
    assert found_by("Harvestwork") == [testimony.pk]


def test_a_term_in_azerbaijani_capitals_is_the_same_term(archivist):
    KeywordFactory(name="Sürgün illəri")
    response = archivist.post(ADD, {"name": "SÜRGÜN İLLƏRİ", "broader": "", "scope_note": ""})
    assert "“Sürgün illəri” is already a term" in response.content.decode()
    assert Keyword.objects.count() == 1


def test_terms_keyed_before_turkic_capitals_were_folded_are_keyed_again():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("memorial.testimonies.migrations.0008_rekey_keywords")

    def term(name, old_key):
        made = KeywordFactory()
        Keyword.objects.filter(pk=made.pk).update(name=name, key=old_key)
        return made.pk

    lower = term("Qışlaq", "qışlaq")
    upper = term("QIŞLAQ", "qişlaq")  # I was already i, as the new rules key it
    untouched = term("Childhood", "childhood")
    migration.rekey_keywords(apps, None)
    keys = dict(Keyword.objects.values_list("pk", "key"))
    assert keys == {lower: f"qişlaq\n#{lower}", upper: "qişlaq", untouched: "childhood"}
