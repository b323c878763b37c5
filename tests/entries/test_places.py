"""Places: one row per place, however its name was typed."""

import unicodedata

import pytest

from memorial.entries.models import Place

from ..factories import PlaceFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/entries/place/add/"


def place_form(**overrides):
    return {
        "name": "",
        "other_names": "",
        "region": "",
        "latitude": "",
        "longitude": "",
        **overrides,
    }


@pytest.mark.parametrize(
    "typed",
    ["guba", "GUBA", "  Guba ", "Guba\u00a0", "Guba"],
)
def test_the_place_editor_refuses_a_second_place_of_the_same_name(archivist, typed):
    PlaceFactory(name="Guba", region="")
    response = archivist.post(ADD, place_form(name=typed))
    assert response.status_code == 200
    assert "“Guba” is already in the archive" in response.content.decode()
    assert Place.objects.count() == 1


def test_a_name_in_decomposed_unicode_is_the_same_place(archivist):
    PlaceFactory(name=unicodedata.normalize("NFC", "Şəki"), region="")
    response = archivist.post(ADD, place_form(name=unicodedata.normalize("NFD", "şəki")))
    assert "is already in the archive" in response.content.decode()
    assert Place.objects.count() == 1


def test_a_place_of_the_same_name_in_another_region_is_another_place(archivist):
    PlaceFactory(name="Guba", region="North")
    response = archivist.post(ADD, place_form(name="guba", region="South"))
    assert response.status_code == 302
    assert Place.objects.filter(region="South").exists()
    response = archivist.post(ADD, place_form(name="Guba", region=" north"))
    assert "“Guba, North” is already in the archive" in response.content.decode()


def test_a_new_name_is_stored_tidy_and_the_place_can_be_saved_again(archivist):
    response = archivist.post(ADD, place_form(name="  Lost   Hamlet ", region=" Uplands"))
    assert response.status_code == 302
    place = Place.objects.get()
    assert (place.name, place.region) == ("Lost Hamlet", "Uplands")
    edit = f"/admin/snippets/entries/place/edit/{place.pk}/"
    response = archivist.post(
        edit, place_form(name="Lost Hamlet", region="Uplands", other_names="x")
    )
    assert response.status_code == 302


def test_a_place_name_without_a_letter_is_refused(archivist):
    response = archivist.post(ADD, place_form(name="--"))
    assert "A name needs at least one letter." in response.content.decode()
    assert not Place.objects.exists()


def test_a_place_renamed_to_one_already_stored_is_offered_the_merge(admin_client, archivist):
    kept = PlaceFactory(name="Guba", region="")
    duplicate = PlaceFactory(name="Quba", region="")
    edit = f"/admin/snippets/entries/place/edit/{duplicate.pk}/"
    merge = f"/admin/snippets/entries/place/merge/{duplicate.pk}/?into={kept.pk}"
    html = admin_client.post(edit, place_form(name="guba")).content.decode()
    assert "“Guba” is already in the archive" in html
    assert "If “Quba” and “Guba” are one, merge them instead." in html
    assert merge in html
    # Archivists may change places, so merge them too.
    html = archivist.post(edit, place_form(name="guba")).content.decode()
    assert "“Guba” is already in the archive" in html and merge in html


@pytest.mark.parametrize(("stored", "typed"), [("Şəkilən", "ŞƏKİLƏN"), ("Velmorlı", "VELMORLI")])
def test_a_name_in_azerbaijani_capitals_is_the_same_place(archivist, stored, typed):
    PlaceFactory(name=stored, region="")
    response = archivist.post(ADD, place_form(name=typed))
    assert f"“{stored}” is already in the archive" in response.content.decode()
    assert Place.objects.count() == 1


def test_places_keyed_before_turkic_capitals_were_folded_are_keyed_again():
    """Only the keys that change are written; a place now sharing its key with another is
    kept apart by its id, as when keys were first made; stale keys do not stop it."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("memorial.entries.migrations.0012_rekey_names_and_places")

    def place(name, old_key, kept_apart=False):
        """A place keyed as before, its key ended by its id if 0007 kept it apart."""
        made = PlaceFactory(region="")
        old_key = f"{old_key}\n" + (f"\n#{made.pk}" if kept_apart else "")
        Place.objects.filter(pk=made.pk).update(name=name, key=old_key)
        return made.pk

    lower = place("Şəkilən", "şəkilən")  # already as the new rules key it
    upper = place("ŞƏKİLƏN", "şəki\u0307lən")
    alone = place("Velmorlı", "velmorlı")
    alone_too = place("velmorlı ", "velmorlı", kept_apart=True)
    first = place("Qaraçay", "qaraçay")
    second = place("qaraçay ", "qaraçay", kept_apart=True)
    stale = place("Lerivan", "lerivanx")  # wants the key the next one holds by mistake
    holder = place("Tessarlı", "lerivan")
    migration.rekey_places(apps, None)
    keys = {pk: key.split("\n") for pk, key in Place.objects.values_list("pk", "key")}
    assert keys == {
        lower: ["şəkilən", ""],
        upper: ["şəkilən", "", f"#{upper}"],
        alone: ["velmorli", ""],
        alone_too: ["velmorli", "", f"#{alone_too}"],
        first: ["qaraçay", ""],
        second: ["qaraçay", "", f"#{second}"],
        stale: ["lerivan", ""],
        holder: ["tessarli", ""],
    }
