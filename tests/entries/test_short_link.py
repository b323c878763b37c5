import re

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from memorial.entries.models import MemorialEntryPage

from ..factories import MemorialEntryPageFactory

pytestmark = pytest.mark.django_db


def test_short_link_redirects_to_the_entry(client, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, identifier="demo-00042")
    response = client.get("/e/demo-00042/")
    assert response.status_code == 302
    assert response["Location"].endswith(entry.url)


def test_short_link_follows_the_entry_when_it_moves(client, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, identifier="moves")
    entry.slug = "renamed"
    entry.save()
    assert client.get("/e/moves/")["Location"].endswith("/renamed/")


@pytest.mark.parametrize("state", ["draft", "private", "staff", "embargoed", "unknown"])
def test_short_link_never_reveals_a_hidden_entry(client, memorial_index, state):
    kwargs = {"identifier": "hidden-1"}
    if state == "draft":
        kwargs["live"] = False
    if state == "staff":
        kwargs["access_level"] = "staff"
    if state == "embargoed":
        kwargs["embargo_until"] = "2999-01-01"
    if state != "unknown":
        entry = MemorialEntryPageFactory(parent=memorial_index, **kwargs)
        if state == "private":
            PageViewRestriction.objects.create(page=entry, restriction_type="login")
    assert client.get("/e/hidden-1/").status_code == 404


@pytest.mark.parametrize(
    "restriction", [{"access_level": "staff"}, {"embargo_until": "2999-01-01"}]
)
def test_a_restricted_entry_page_is_not_found_for_visitors_but_open_to_staff(
    client, django_user_model, memorial_index, restriction
):
    entry = MemorialEntryPageFactory(parent=memorial_index, given_name="Keptback", **restriction)
    assert client.get(entry.url).status_code == 404
    client.force_login(django_user_model.objects.create_user("staff", password="x", is_staff=True))
    response = client.get(entry.url)
    assert response.status_code == 200
    assert "Keptback" in response.content.decode()


def test_a_copied_entry_gets_its_own_identifier(admin_client, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, identifier="kept-once")
    response = admin_client.post(
        reverse("wagtailadmin_pages:copy", args=[entry.pk]),
        {
            "new_title": "A second person",
            "new_slug": "second",
            "new_parent_page": memorial_index.pk,
        },
    )
    assert response.status_code == 302
    copy = MemorialEntryPage.objects.get(slug="second")
    assert copy.identifier and copy.identifier != "kept-once"
    assert MemorialEntryPage.objects.get(pk=entry.pk).identifier == "kept-once"


def published(**fields) -> MemorialEntryPage:
    entry = MemorialEntryPageFactory(**fields)
    entry.save_revision().publish()
    return MemorialEntryPage.objects.get(pk=entry.pk)


def draft_with_identifier(entry, identifier):
    draft = entry.get_latest_revision_as_object()
    draft.identifier = identifier
    return draft.save_revision()


def bulk_publish(admin_client, entry):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    return admin_client.post(f"{url}?id={entry.pk}", {})


def test_a_published_identifier_survives_a_later_draft_and_a_revert(client, memorial_index):
    entry = published(parent=memorial_index, identifier="first-1")
    draft_with_identifier(entry, "second-2").publish()
    assert MemorialEntryPage.objects.get(pk=entry.pk).identifier == "first-1"
    assert client.get("/e/first-1/").status_code == 302
    assert client.get("/e/second-2/").status_code == 404


def test_publishing_a_draft_whose_identifier_was_taken_meanwhile_keeps_its_own(
    admin_client, memorial_index
):
    entry = published(parent=memorial_index, identifier="first-1")
    draft_with_identifier(entry, "x-123")
    never_published = MemorialEntryPageFactory(parent=memorial_index, identifier="y-1", live=False)
    draft_with_identifier(never_published, "x-123")
    published(parent=memorial_index, identifier="x-123")  # another person takes it

    for page, kept in [(entry, "first-1"), (never_published, "y-1")]:
        assert bulk_publish(admin_client, page).status_code == 302
        page = MemorialEntryPage.objects.get(pk=page.pk)
        assert page.live and page.identifier == kept


def test_the_edit_form_shows_a_published_identifier_as_fixed(admin_client, memorial_index):
    def identifier_input(entry):
        html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[entry.pk])).content
        return re.search(rb'<input[^>]*name="identifier"[^>]*>', html).group()

    assert b"disabled" in identifier_input(published(parent=memorial_index))
    draft = MemorialEntryPageFactory(parent=memorial_index, live=False)
    assert b"disabled" not in identifier_input(draft)
