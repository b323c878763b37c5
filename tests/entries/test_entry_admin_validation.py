"""What the entry editor refuses, as an archivist (not a superuser) meets it: a form error
on the field, never a silent save of something the sources cannot support."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, streamfield

from memorial.entries.models import EntryRelationship, MemorialEntryPage
from tests.admin_forms import entry_form
from tests.factories import MemorialEntryPageFactory

pytestmark = pytest.mark.django_db


def add_entry(client, collection, **fields):
    url = reverse("wagtailadmin_pages:add", args=["entries", "memorialentrypage", collection.pk])
    return client.post(url, entry_form(**fields))


def form_errors(response) -> dict:
    assert response.status_code == 200, "the form is shown again, not saved"
    return response.context["form"].errors


def test_a_death_before_the_birth_is_refused(archivist, memorial_index):
    response = add_entry(
        archivist,
        memorial_index,
        birth_date="1940-03-01",
        birth_date_precision="month",
        death_date="1939-01-01",
        death_date_precision="year",
    )
    assert "death_date" in form_errors(response)
    assert not MemorialEntryPage.objects.exists()


@pytest.mark.parametrize(
    ("birth", "birth_precision", "death", "death_precision"),
    [
        ("1942-05-14", "day", "1942-01-01", "year"),  # died in 1942, after 14 May
        ("1942-05-14", "day", "1942-05-01", "month"),
        ("1943-01-01", "approximate", "1942-05-14", "day"),  # "c. 1943" may be 1942
        ("1942-05-14", "day", "1942-05-14", "day"),
    ],
)
def test_dates_that_may_both_be_true_are_kept(
    archivist, memorial_index, birth, birth_precision, death, death_precision
):
    response = add_entry(
        archivist,
        memorial_index,
        birth_date=birth,
        birth_date_precision=birth_precision,
        death_date=death,
        death_date_precision=death_precision,
    )
    assert response.status_code == 302
    assert MemorialEntryPage.objects.count() == 1


@pytest.mark.parametrize(
    ("date", "precision"),
    [
        ("1931-05-14", "unknown"),  # the default: the date would be shown as "unknown"
        ("", "day"),  # a precision for a date nobody entered
    ],
)
@pytest.mark.parametrize("prefix", ["birth", "death"])
def test_a_date_and_its_precision_must_agree(archivist, memorial_index, prefix, date, precision):
    response = add_entry(
        archivist,
        memorial_index,
        **{f"{prefix}_date": date, f"{prefix}_date_precision": precision},
    )
    errors = form_errors(response)
    assert f"{prefix}_date" in errors or f"{prefix}_date_precision" in errors
    assert not MemorialEntryPage.objects.exists()


def edit_entry(client, entry, **fields):
    return client.post(reverse("wagtailadmin_pages:edit", args=[entry.pk]), entry_form(**fields))


def relationship_errors(response) -> list:
    assert response.status_code == 200, "the form is shown again, not saved"
    return [form.errors for form in response.context["form"].formsets["relationships"].forms]


def relatives(*rows):
    return inline_formset(
        [{"relation": relation, "related_entry": entry.pk, "note": ""} for relation, entry in rows]
    )


def test_a_person_cannot_be_recorded_as_their_own_relative(archivist, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, given_name="Leyla")
    response = edit_entry(archivist, entry, relationships=relatives(("parent", entry)))
    assert "related_entry" in relationship_errors(response)[0]
    assert not entry.revisions.exists()


def test_a_relative_is_recorded_once(archivist, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, given_name="Leyla")
    mother = MemorialEntryPageFactory(parent=memorial_index, given_name="Sona")
    response = edit_entry(
        archivist, entry, relationships=relatives(("parent", mother), ("parent", mother))
    )
    first, second = relationship_errors(response)
    assert not first and "related_entry" in second
    assert not entry.revisions.exists()


@pytest.mark.parametrize(("relation", "relative_born"), [("parent", 1935), ("child", 1910)])
def test_a_parent_born_after_their_child_or_a_child_before_the_parent_is_refused(
    archivist, memorial_index, relation, relative_born
):
    entry = MemorialEntryPageFactory(parent=memorial_index, given_name="Leyla")
    relative = MemorialEntryPageFactory(
        parent=memorial_index,
        birth_date=datetime.date(relative_born, 1, 1),
        birth_date_precision="year",
    )
    born_1931 = {"birth_date": "1931-01-01", "birth_date_precision": "year"}
    response = edit_entry(
        archivist, entry, relationships=relatives((relation, relative)), **born_1931
    )
    assert "so cannot be their" in relationship_errors(response)[0]["related_entry"][0]
    # Born in the same year as far as the dates tell: not refused.
    same_year = {"birth_date": f"{relative_born}-06-01", "birth_date_precision": "year"}
    response = edit_entry(
        archivist, entry, relationships=relatives((relation, relative)), **same_year
    )
    assert response.status_code == 302


@pytest.mark.parametrize("contradiction", ["parent", "spouse", "grandchild"])
def test_a_relation_contradicting_the_relative_s_own_entry_is_refused(
    archivist, memorial_index, contradiction
):
    """Sona's entry records Leyla as her parent: Leyla cannot record Sona as her parent,
    spouse or grandchild, only as her child (or as an other relative, which says less)."""
    leyla = MemorialEntryPageFactory(parent=memorial_index, given_name="Leyla", birth_date=None)
    sona = MemorialEntryPageFactory(parent=memorial_index, given_name="Sona", birth_date=None)
    sona.relationships = [EntryRelationship(relation="parent", related_entry=leyla)]
    sona.save()
    response = edit_entry(archivist, leyla, relationships=relatives((contradiction, sona)))
    assert "Sona" in relationship_errors(response)[0]["related_entry"][0]
    assert edit_entry(archivist, leyla, relationships=relatives(("child", sona))).status_code == 302
    assert (
        edit_entry(archivist, leyla, relationships=relatives(("relative", sona))).status_code == 302
    )


def test_long_names_make_a_shortened_title_not_an_error_on_the_empty_title(
    archivist, memorial_index
):
    """Each name field takes 255 characters; the title composed of them is cut to fit, as
    the model does, instead of an error on the title the archivist left empty."""
    response = add_entry(
        archivist,
        memorial_index,
        given_name="Щ" * 200,  # "Shch" in the slug
        patronymic="Ə" * 200,
        family_name="Ж" * 200,
    )
    assert response.status_code == 302
    entry = MemorialEntryPage.objects.get()
    assert entry.title.endswith("…") and len(entry.title) == 255
    assert entry.family_name == "Ж" * 200, "the names themselves are kept whole"
    assert 0 < len(entry.slug) <= 255


def days_from_today(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize("prefix", ["birth", "death"])
def test_a_date_after_today_is_refused(archivist, memorial_index, prefix):
    fields = {f"{prefix}_date": days_from_today(1), f"{prefix}_date_precision": "day"}
    errors = form_errors(add_entry(archivist, memorial_index, **fields))
    assert errors[f"{prefix}_date"] == ["This date is after today. Check it against the sources."]
    # Today, and this year as a year, may be true.
    fields = {f"{prefix}_date": timezone.localdate().isoformat(), f"{prefix}_date_precision": "day"}
    assert add_entry(archivist, memorial_index, **fields).status_code == 302


def test_an_age_no_one_lives_to_is_refused(archivist, memorial_index):
    errors = form_errors(add_entry(archivist, memorial_index, age_at_death="131"))
    assert "age_at_death" in errors
    assert add_entry(archivist, memorial_index, age_at_death="130").status_code == 302


def test_dates_giving_an_age_no_one_lives_to_are_refused(archivist, memorial_index):
    response = add_entry(
        archivist,
        memorial_index,
        birth_date="1700-01-01",
        birth_date_precision="year",
        death_date="1942-01-01",
        death_date_precision="year",
    )
    assert "more than 130 years" in form_errors(response)["death_date"][0]
    assert not MemorialEntryPage.objects.exists()


@pytest.mark.parametrize("typed", ["—", "...", "?", "\u200b"])
def test_a_name_without_a_letter_is_refused(archivist, memorial_index, typed):
    errors = form_errors(
        add_entry(archivist, memorial_index, given_name="Leyla", family_name=typed)
    )
    assert errors["family_name"] == ["A name needs at least one letter. Leave it empty if unknown."]
    assert not MemorialEntryPage.objects.exists()


def test_an_event_in_the_life_dated_after_today_is_refused(archivist, memorial_index):
    event = {"date": days_from_today(30), "precision": "day", "title": "School", "place": ""}
    event = {**event, "description": ""}
    response = add_entry(archivist, memorial_index, biography=streamfield([("event", event)]))
    errors = form_errors(response)["biography"].as_data()[0]
    assert "after today" in str(errors.block_errors[0].block_errors["date"])
    assert not MemorialEntryPage.objects.exists()


def test_an_age_that_puts_the_death_after_today_is_refused(archivist, memorial_index):
    born = {"birth_date": "2000-01-01", "birth_date_precision": "year"}
    errors = form_errors(add_entry(archivist, memorial_index, **born, age_at_death="90"))
    assert errors["age_at_death"] == [
        "Born in 2000, the person cannot have died at 90: that is after today. Check the age "
        "and the birth date."
    ]
    assert add_entry(archivist, memorial_index, **born, age_at_death="20").status_code == 302
