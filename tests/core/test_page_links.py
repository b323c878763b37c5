"""Rich-text links to pages a visitor may not see keep their words, not the address."""

import pytest

from ..factories import GalleryPageFactory, MemorialEntryPageFactory
from ..hidden_states import hide

pytestmark = pytest.mark.django_db


def linking_to(page, words="a cousin"):
    return f'<p>She lived with <a linktype="page" id="{page.pk}">{words}</a>.</p>'


@pytest.mark.parametrize("state", ["draft", "private", "researchers", "staff", "embargoed"])
def test_a_public_page_never_links_to_a_closed_person(client, memorial_index, state):
    closed = MemorialEntryPageFactory(
        parent=memorial_index, given_name="Ilse", family_name="Zorvath", slug="ilse-zorvath"
    )
    hide(closed, state)
    public = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="Anna",
        family_name="Open",
        biography=[{"type": "paragraph", "value": linking_to(closed)}],
    )
    html = client.get(public.url).content.decode()
    assert "She lived with <a>a cousin</a>." in html
    assert "ilse-zorvath" not in html and "Zorvath" not in html


def test_links_to_public_pages_keep_their_address(client, memorial_index, gallery_index):
    cousin = MemorialEntryPageFactory(parent=memorial_index, slug="ada-open")
    album = GalleryPageFactory(parent=gallery_index, intro=linking_to(cousin, "her cousin"))
    html = client.get(album.url).content.decode()
    assert f'<a href="{cousin.url}">her cousin</a>' in html
