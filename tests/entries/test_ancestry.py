"""Ancestry that goes round: the entry editor refuses a person recorded as their own
ancestor through other entries (memorial.entries.ancestry)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from memorial.entries import ancestry
from memorial.entries.models import EntryRelationship
from tests.admin_forms import entry_form
from tests.factories import MemorialEntryPageFactory

pytestmark = pytest.mark.django_db


def person(collection, given):
    return MemorialEntryPageFactory(
        parent=collection, given_name=given, family_name="Delmiro", birth_date=None
    )


def record(entry, *rows):
    entry.relationships = [EntryRelationship(relation=r, related_entry=e) for r, e in rows]
    entry.save()


def edit(client, entry, *rows):
    relationships = inline_formset(
        [{"relation": relation, "related_entry": other.pk, "note": ""} for relation, other in rows]
    )
    data = entry_form(given_name=entry.given_name, relationships=relationships)
    return client.post(reverse("wagtailadmin_pages:edit", args=[entry.pk]), data)


def row_errors(response) -> list:
    assert response.status_code == 200, "the form is shown again, not saved"
    forms = response.context["form"].formsets["relationships"].forms
    return [form.errors.get("related_entry", []) for form in forms]


@pytest.fixture
def family(memorial_index):
    return [person(memorial_index, given) for given in ("Arin", "Beko", "Cemre")]


def test_three_people_each_the_parent_of_the_next_are_refused(archivist, family):
    arin, beko, cemre = family
    record(arin, ("parent", beko))  # Beko is Arin's parent
    record(beko, ("parent", cemre))  # Cemre is Beko's parent
    [error] = row_errors(edit(archivist, cemre, ("parent", arin)))
    assert error == [
        "This makes Cemre Delmiro their own ancestor: Arin Delmiro is Cemre Delmiro's parent, "
        "Beko Delmiro is Arin Delmiro's parent and Cemre Delmiro is Beko Delmiro's parent. "
        "Check these relations against the sources and correct the wrong one, here or on the "
        "other person's entry."
    ]
    assert not cemre.revisions.exists()
    # The same three in a line are a family.
    assert edit(archivist, cemre, ("grandchild", arin)).status_code == 302


def test_a_cycle_recorded_from_either_side_is_found(archivist, family, memorial_index):
    arin, beko, cemre = family
    dilan, elif_ = person(memorial_index, "Dilan"), person(memorial_index, "Elif")
    record(arin, ("child", beko))  # Arin is Beko's parent, on Arin's entry
    record(cemre, ("parent", beko))  # Beko is Cemre's parent
    response = edit(archivist, dilan, ("grandparent", cemre), ("sibling", elif_), ("child", arin))
    errors = row_errors(response)
    assert errors[1] == [] and errors[2] == []
    assert errors[0][0].startswith(
        "This makes Dilan Delmiro their own ancestor: Cemre Delmiro is Dilan Delmiro's "
        "grandparent, Beko Delmiro is Cemre Delmiro's parent, Arin Delmiro is Beko Delmiro's "
        "parent and Dilan Delmiro is Arin Delmiro's parent."
    )
    # Recorded as her grandchild instead, Cemre is one more generation of the same line.
    response = edit(archivist, dilan, ("grandchild", cemre), ("sibling", elif_), ("child", arin))
    assert response.status_code == 302


def test_a_cycle_through_a_grandparent_is_refused(archivist, family):
    arin, beko, cemre = family
    record(arin, ("grandparent", beko))  # Beko is Arin's grandparent
    record(beko, ("parent", cemre))
    [error] = row_errors(edit(archivist, cemre, ("parent", arin)))
    assert "Beko Delmiro is Arin Delmiro's grandparent" in error[0]


def test_the_walk_is_bounded(memorial_index, monkeypatch, django_assert_max_num_queries):
    line = [person(memorial_index, f"Gen{n}") for n in range(8)]
    for child, parent in zip(line, line[1:], strict=False):
        record(child, ("parent", parent))
    closing = {line[0].pk: "child"}  # the eldest recorded as the youngest's child
    with django_assert_max_num_queries(2 * 8 + 2):
        cycle = ancestry.ancestry_cycle(line[-1].pk, {line[0].pk: "parent"})
    assert [step.person for step in cycle][0] == line[-1].pk
    assert ancestry.ancestry_cycle(line[0].pk, closing) == []
    monkeypatch.setattr(ancestry, "MAX_STEPS", 3)
    assert ancestry.ancestry_cycle(line[-1].pk, {line[0].pk: "parent"}) == []


def test_a_cycle_through_the_person_made_by_other_entries_alone_is_refused(archivist, family):
    """Edited for something else, Arin is still their own ancestor through what Beko's and
    Cemre's entries record: the editor says so, naming everyone in the cycle."""
    arin, beko, cemre = family
    record(beko, ("child", arin), ("parent", cemre))  # Beko is Arin's parent, Cemre Beko's
    record(cemre, ("parent", arin))  # Arin is Cemre's parent

    response = edit(archivist, arin)

    assert response.status_code == 200, "not saved"
    assert response.context["form"].non_field_errors() == [
        "This makes Arin Delmiro their own ancestor: Beko Delmiro is Arin Delmiro's parent, "
        "Cemre Delmiro is Beko Delmiro's parent and Arin Delmiro is Cemre Delmiro's parent. "
        "Check these relations against the sources and correct the wrong one, here or on the "
        "other person's entry."
    ]
    assert not arin.revisions.exists()


def test_a_cycle_among_relatives_that_leaves_the_person_out_warns_and_saves(
    archivist, family, memorial_index
):
    arin, beko, cemre = family
    dilan = person(memorial_index, "Dilan")
    record(arin, ("parent", beko))
    record(beko, ("parent", cemre))
    record(cemre, ("parent", arin))

    response = edit(archivist, dilan, ("parent", arin))

    assert response.status_code == 302, "Dilan's edit is saved"
    [warning] = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert warning.startswith("Saved. Among this person's relatives, ")
    for name in ("Arin", "Beko", "Cemre"):
        assert f"{name} Delmiro is" in warning
    assert "Dilan" not in warning


def test_a_cycle_among_relatives_is_found_in_a_bounded_walk(
    memorial_index, django_assert_max_num_queries
):
    arin, beko, cemre = (person(memorial_index, given) for given in ("Arin", "Beko", "Cemre"))
    record(arin, ("parent", beko))
    record(beko, ("parent", cemre))
    record(cemre, ("parent", arin))
    dilan = person(memorial_index, "Dilan")
    with django_assert_max_num_queries(2 * 4 + 2):
        cycles = ancestry.ancestry_cycles(dilan.pk, {arin.pk: "child"})
    assert cycles.own == []
    assert {step.person for step in cycles.elsewhere} == {arin.pk, beko.pk, cemre.pk}
