"""A remembrance is as closed as the person it remembers, on every public surface."""

import datetime

import pytest

from memorial.core.privacy import public_pages
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
