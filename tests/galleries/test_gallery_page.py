import re

import pytest

from memorial.galleries.models import GalleryPersonShown

from ..factories import (
    ArchiveImageFactory,
    GalleryPageFactory,
    MemorialEntryPageFactory,
    gallery_items,
)

pytestmark = pytest.mark.django_db


def test_gallery_renders_every_photograph_with_a_plain_link_to_the_full_image(
    client, gallery_index, memorial_index
):
    person = MemorialEntryPageFactory(parent=memorial_index, given_name="Shownperson")
    images = [ArchiveImageFactory() for _ in range(3)]
    gallery = GalleryPageFactory(parent=gallery_index, items=gallery_items(images, [person]))
    html = client.get(gallery.url).content.decode()
    assert html.count('alt="Fictional scene') == 3
    assert "Shownperson" in html
    for image in images:
        full = image.get_rendition("max-1600x1600")
        assert f'href="{full.url}"' in html, "works without JavaScript"


def test_people_index_follows_the_gallery_and_hides_private_people(
    client, gallery_index, memorial_index
):
    shown = MemorialEntryPageFactory(parent=memorial_index, given_name="Visible")
    hidden = MemorialEntryPageFactory(
        parent=memorial_index, given_name="Unpublishedperson", live=False
    )
    gallery = GalleryPageFactory(
        parent=gallery_index, items=gallery_items([ArchiveImageFactory()], [shown, hidden])
    )
    assert set(GalleryPersonShown.objects.values_list("entry_id", flat=True)) == {
        shown.pk,
        hidden.pk,
    }
    assert "Unpublishedperson" not in client.get(gallery.url).content.decode()

    gallery.items = gallery_items([ArchiveImageFactory()], [])
    gallery.save()
    assert not GalleryPersonShown.objects.filter(gallery=gallery).exists()


def test_entry_page_shows_its_photographs_only_from_live_galleries(
    client, gallery_index, memorial_index
):
    person = MemorialEntryPageFactory(parent=memorial_index)
    live = GalleryPageFactory(
        parent=gallery_index,
        title="Livealbum",
        items=gallery_items([ArchiveImageFactory()], [person]),
    )
    GalleryPageFactory(
        parent=gallery_index,
        title="Draftalbum",
        live=False,
        items=gallery_items([ArchiveImageFactory()], [person]),
    )
    html = client.get(person.url).content.decode()
    assert live.url in html
    assert "Draftalbum" not in html


def test_a_deleted_image_leaves_the_gallery_and_its_card_alike(client, gallery_index):
    first, second = ArchiveImageFactory(), ArchiveImageFactory()
    gallery = GalleryPageFactory(parent=gallery_index, items=gallery_items([first, second]))
    first.delete()
    on_page = client.get(gallery.url).content.decode()
    listing = client.get(gallery_index.url).content.decode()
    assert re.findall(r"\d+ photographs?", on_page) == ["1 photograph"]
    assert re.findall(r"\d+ photographs?|No photographs yet", listing) == ["1 photograph"]
    cover = second.get_rendition("fill-480x360")
    assert f'src="{cover.url}"' in listing
