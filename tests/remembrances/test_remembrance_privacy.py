"""A remembrance is as closed as the person it remembers, on every public surface."""

import datetime
from importlib import import_module

import pytest
from django.urls import reverse

from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage
from memorial.remembrances.models import RemembrancePage

from ..factories import MemorialEntryPageFactory

pytestmark = pytest.mark.django_db

CLOSINGS = {
    "draft": {"live": False},
    "staff": {"access_level": "staff"},
    "researchers": {"access_level": "researchers"},
    "embargoed": {"embargo_until": datetime.date(2999, 1, 1)},
}


def api_list(client) -> str:
    response = client.get("/api/v2/pages/", {"type": "remembrances.RemembrancePage"})
    assert response.status_code == 200
    return response.content.decode()


def remembrance_of(entry, marker):
    page = RemembrancePage(title=f"Remembrance {marker}", slug="remembrance", text=marker)
    return entry.add_child(instance=page)


def test_an_open_entrys_remembrance_is_public(client, memorial_index):
    page = remembrance_of(MemorialEntryPageFactory(parent=memorial_index), "Quellmarin")
    assert page.remembered_entry_id == page.get_parent().pk
    assert public_pages(RemembrancePage.objects.all()).filter(pk=page.pk).exists()
    assert "Quellmarin" in api_list(client)
    assert "/remembrance/" in client.get("/sitemap-pages.xml").content.decode()


@pytest.mark.parametrize("closing", CLOSINGS)
def test_a_closed_entrys_remembrance_is_nowhere(client, memorial_index, closing):
    entry = MemorialEntryPageFactory(parent=memorial_index, **CLOSINGS[closing])
    page = remembrance_of(entry, "Quellmarin")
    assert not public_pages(RemembrancePage.objects.all()).exists()
    assert not public_pages().filter(pk=page.pk).exists()
    assert "Quellmarin" not in api_list(client)
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    assert "/remembrance/" not in client.get("/sitemap-pages.xml").content.decode()
    assert client.get(page.url).status_code == 404


def move_in_admin(admin_client, page, destination):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])
    return admin_client.post(f"{url}?id={page.pk}", {"chooser": destination.pk})


def test_a_remembrance_moved_to_a_closed_entry_is_closed_with_it(
    admin_client, client, memorial_index
):
    open_entry = MemorialEntryPageFactory(parent=memorial_index)
    closed_entry = MemorialEntryPageFactory(parent=memorial_index, access_level="staff")
    page = remembrance_of(open_entry, "Quellmarin")
    assert client.get(page.url).status_code == 200

    assert move_in_admin(admin_client, page, closed_entry).status_code == 302
    page = RemembrancePage.objects.get(pk=page.pk)
    assert page.remembered_entry_id == closed_entry.pk
    assert client.get(page.url).status_code == 404
    assert "Quellmarin" not in api_list(client)
    assert not public_pages(RemembrancePage.objects.all()).exists()


def test_a_remembrance_follows_its_entry_through_a_copy_and_an_old_revision(
    admin_client, memorial_index
):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    page = remembrance_of(entry, "Quellmarin")
    page.save_revision()
    response = admin_client.post(
        reverse("wagtailadmin_pages:copy", args=[entry.pk]),
        {"new_title": "Copy", "new_slug": "copy", "new_parent_page": memorial_index.pk}
        | {"copy_subpages": "on", "publish_copies": "on"},
    )
    assert response.status_code == 302
    copy = MemorialEntryPage.objects.get(slug="copy")
    assert RemembrancePage.objects.child_of(copy).get().remembered_entry_id == copy.pk

    other = MemorialEntryPageFactory(parent=memorial_index)
    assert move_in_admin(admin_client, page, other).status_code == 302
    # A revision saved while it was under its first entry, published after the move.
    RemembrancePage.objects.get(pk=page.pk).get_latest_revision().publish()
    assert RemembrancePage.objects.get(pk=page.pk).remembered_entry_id == other.pk


def test_the_migration_gives_misplaced_remembrances_the_entry_they_are_under(memorial_index):
    from django.apps import apps

    migration = import_module("memorial.remembrances.migrations.0007_remembered_entry_from_tree")
    entry, other = MemorialEntryPageFactory.create_batch(2, parent=memorial_index)
    page = remembrance_of(entry, "Quellmarin")
    RemembrancePage.objects.filter(pk=page.pk).update(remembered_entry_id=other.pk)
    migration.follow_the_tree(apps, None)
    assert RemembrancePage.objects.get(pk=page.pk).remembered_entry_id == entry.pk


def test_a_photograph_moved_into_a_private_collection_leaves_the_remembrance(
    client, memorial_index
):
    """A family takes back a photograph: the archivist moves it into a private collection.
    The page must stop showing it (its file is refused), and its caption and description
    with it, at once."""
    from wagtail.models import Collection, CollectionViewRestriction

    from memorial.remembrances.models import RemembrancePhoto

    from ..factories import ArchiveImageFactory

    image = ArchiveImageFactory()
    page = RemembrancePage(title="Remembrance", slug="remembrance", text="Quellmarin")
    page.photos = [
        RemembrancePhoto(image=image, caption="Ada in Velmora", alt_text="A girl by a well")
    ]
    entry = MemorialEntryPageFactory(parent=memorial_index)
    entry.add_child(instance=page)
    assert "A girl by a well" in client.get(page.url).content.decode()
    assert "its photographs" in client.get(entry.url).content.decode()

    private = Collection.get_first_root_node().add_child(name="Taken back by the family")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    image.collection = private
    image.save()

    html = client.get(page.url).content.decode()
    assert "Quellmarin" in html
    assert "A girl by a well" not in html and "Ada in Velmora" not in html
    assert "/images/" not in html
    assert "its photographs" not in client.get(entry.url).content.decode()
