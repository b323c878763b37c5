"""What the testimony editor refuses, as an archivist meets it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset

from memorial.entries.models import Place
from memorial.testimonies.models import ConsentRecord, TestimonyPage
from tests.admin_forms import interview_form
from tests.factories import (
    KeywordFactory,
    MemorialEntryPageFactory,
    PlaceFactory,
    TestimonyMentionFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
)

pytestmark = pytest.mark.django_db


def add_testimony(client, collection, **fields):
    url = reverse("wagtailadmin_pages:add", args=["testimonies", "testimonypage", collection.pk])
    return client.post(url, interview_form(**fields))


def test_a_person_mentioned_twice_is_refused(archivist, testimony_index, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    other = MemorialEntryPageFactory(parent=memorial_index)
    rows = [{"entry": entry.pk, "note": "neighbour"}, {"entry": other.pk, "note": ""}]
    response = add_testimony(
        archivist, testimony_index, mentions=inline_formset([*rows, {"entry": entry.pk}])
    )
    assert response.status_code == 200
    mentions = response.context["form"].formsets["mentions"]
    assert mentions.forms[2].errors["entry"] == [
        "This person is already listed above. List each person once; say more in the note."
    ]
    assert not mentions.forms[0].errors
    assert not TestimonyPage.objects.exists()


def test_a_mention_removed_and_added_again_is_not_a_duplicate(
    archivist, testimony_index, memorial_index
):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    rows = [{"entry": entry.pk, "DELETE": "1"}, {"entry": entry.pk, "note": "uncle"}]
    response = add_testimony(archivist, testimony_index, mentions=inline_formset(rows))
    assert response.status_code == 302
    assert [m.note for m in TestimonyPage.objects.get().mentions.all()] == ["uncle"]


def tomorrow() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def test_an_interview_date_after_today_is_refused(archivist, testimony_index):
    response = add_testimony(archivist, testimony_index, interview_date=tomorrow())
    assert response.status_code == 200
    assert response.context["form"].errors["interview_date"] == [
        "This date is after today. Check it against the sources."
    ]
    today = timezone.localdate().isoformat()
    assert add_testimony(archivist, testimony_index, interview_date=today).status_code == 302


def test_a_consent_date_after_today_is_refused(client, testimony_index, admin_user):
    testimony = TestimonyPageFactory(parent=testimony_index)
    client.force_login(admin_user)
    response = client.post(
        "/admin/snippets/testimonies/consentrecord/add/",
        {"testimony": testimony.pk, "status": "given", "consent_date": tomorrow(), "notes": ""},
    )
    assert response.status_code == 200
    assert "This date is after today" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_a_passage_starting_after_the_recording_ends_is_refused(archivist, testimony_index):
    passages = [
        {"start_seconds": 10, "end_seconds": 3600, "text": "Within", "speaker": ""},
        {"start_seconds": 4000, "end_seconds": "", "text": "After the end", "speaker": ""},
    ]
    fields = {"duration": "1:00:00", "segments": inline_formset(passages)}
    response = add_testimony(archivist, testimony_index, **fields)
    assert response.status_code == 200
    segments = response.context["form"].formsets["segments"].forms
    assert not segments[0].errors
    assert segments[1].errors["start_seconds"] == [
        "This passage starts after the end of the recording (1:00:00). Check both."
    ]
    assert not TestimonyPage.objects.exists()


def passages(*speakers):
    rows = [
        {"start_seconds": n, "end_seconds": "", "text": "Said", "speaker": s}
        for n, s in enumerate(speakers)
    ]
    return inline_formset(rows)


ANONYMOUS = {"narrator": "", "narrator_is_anonymous": "on", "interviewer": "Tovel Arnsk"}


def test_a_name_as_speaker_on_an_anonymous_narrators_testimony_is_refused(
    archivist, testimony_index
):
    speakers = passages("Narrator", "Tovel Arnsk", "Interpreter", "", "Maren Oskeli")
    response = add_testimony(archivist, testimony_index, segments=speakers, **ANONYMOUS)
    assert response.status_code == 200
    segments = response.context["form"].formsets["segments"].forms
    assert [bool(form.errors) for form in segments] == [False, False, False, False, True]
    assert (
        "“Maren Oskeli” is not a role: the narrator is anonymous"
        in (segments[4].errors["speaker"][0])
    )
    assert not TestimonyPage.objects.exists()
    # The same labels are the narrator's business when they are named.
    named = {**ANONYMOUS, "narrator": "Maren Oskeli", "narrator_is_anonymous": ""}
    assert add_testimony(archivist, testimony_index, segments=speakers, **named).status_code == 302


def test_making_a_narrator_anonymous_refuses_their_name_as_speaker(archivist, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index, narrator="Maren Oskeli")
    url = reverse("wagtailadmin_pages:edit", args=[testimony.pk])
    data = interview_form(slug=testimony.slug, segments=passages("maren  oskeli"), **ANONYMOUS)
    response = archivist.post(url, data)
    assert response.status_code == 200
    [segment] = response.context["form"].formsets["segments"].forms
    assert segment.errors["speaker"] == [
        "“maren  oskeli” is the narrator's name, and the narrator is anonymous: it must not be "
        "stored. Label their words “Narrator”."
    ]
    data = interview_form(slug=testimony.slug, segments=passages("Narrator"), **ANONYMOUS)
    assert archivist.post(url, data).status_code == 302


# The index of a passage: keywords and places typed by name ----------------------------------
def passage(**index):
    fields = {"start_seconds": "10", "end_seconds": "", "speaker": "", "text": "A passage."}
    return {**fields, "keywords": "", "places": "", "people": "", **index}


def test_the_transcript_editor_does_not_list_every_place_and_term_for_each_passage(
    archivist, testimony_index
):
    """With thousands of places and terms, a <select> of each in every one of hundreds of
    passages made a long testimony's editor too big to open."""
    testimony = TestimonyPageFactory(parent=testimony_index)
    TranscriptSegmentFactory.create_batch(2, page=testimony)
    testimony.save_revision().publish()
    url = reverse("wagtailadmin_pages:edit", args=[testimony.pk])

    def options_with(places):
        while Place.objects.count() < places:
            PlaceFactory()
        return archivist.get(url).content.decode().count("<option")

    assert options_with(places=2) == options_with(places=12)


def test_archivists_type_the_terms_and_places_of_a_passage(archivist, testimony_index):
    childhood, school = KeywordFactory(name="Childhood"), KeywordFactory(name="School days")
    river = PlaceFactory(name="Velmora", region="Fictional Uplands")
    hill = PlaceFactory(name="Quellbrook", region="")
    typed = passage(
        keywords=" school days;Childhood ;", places="Velmora, Fictional Uplands; quellbrook"
    )
    response = add_testimony(archivist, testimony_index, segments=inline_formset([typed]))
    assert response.status_code == 302, "the form saved"
    segment = TestimonyPage.objects.get().segments.get()
    assert set(segment.keywords.all()) == {childhood, school}
    assert set(segment.places.all()) == {river, hill}

    edit = reverse("wagtailadmin_pages:edit", args=[segment.page_id])
    html = archivist.get(edit).content.decode()
    assert 'value="Childhood; School days"' in html, "shown back by name, in the admin's order"
    assert 'value="Quellbrook; Velmora, Fictional Uplands"' in html


def test_names_not_in_the_vocabulary_are_a_clear_error_naming_them(archivist, testimony_index):
    KeywordFactory(name="Childhood")
    PlaceFactory(name="Velmora", region="Fictional Uplands")
    typed = passage(keywords="Childhood; Harvestt", places="Velmora, Elsewhere")
    response = add_testimony(archivist, testimony_index, segments=inline_formset([typed]))
    assert response.status_code == 200, "the form did not save"
    errors = response.context["form"].formsets["segments"].forms[0].errors
    assert errors["keywords"] == [
        "Not in the vocabulary (Keywords): “Harvestt”. Check the spelling, or add it there first."
    ]
    assert errors["places"] == [
        "Not in the list of places (Places): “Velmora, Elsewhere”. Check the spelling, or add "
        "it there first."
    ]
    assert not TestimonyPage.objects.exists()


def test_the_testimony_editor_reads_the_passages_in_the_same_queries_however_many(
    archivist, testimony_index, memorial_index
):
    """Each passage asked for its keywords, people and places, each person mentioned for
    their entry and its collection: a 300-passage transcript was 900 queries more."""
    testimony = TestimonyPageFactory(parent=testimony_index)
    url = reverse("wagtailadmin_pages:edit", args=[testimony.pk])

    def queries_with(rows):
        while testimony.segments.count() < rows:
            person = MemorialEntryPageFactory(parent=memorial_index)
            segment = TranscriptSegmentFactory(page=testimony)
            segment.keywords.add(KeywordFactory())
            segment.places.add(PlaceFactory())
            segment.people.add(person)
            segment.save()  # a passage's keywords, people and places are kept with it
            TestimonyMentionFactory(page=testimony, entry=person)
        archivist.get(url)  # what the first visit caches
        with CaptureQueriesContext(connection) as queries:
            html = archivist.get(url).content.decode()
        assert f'value="{person.identifier}"' in html, "each passage shows its people"
        assert segment.keywords.get().name in html and person.title in html
        return len(queries)

    assert queries_with(3) == queries_with(12)
