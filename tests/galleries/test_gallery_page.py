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


@pytest.fixture
def private_collection():
    from wagtail.models import Collection, CollectionViewRestriction

    family = Collection.get_first_root_node().add_child(name="Family photographs (private)")
    CollectionViewRestriction.objects.create(collection=family, restriction_type="login")
    return family.add_child(name="Scanned later")  # private by its parent's restriction


def test_a_photograph_in_a_private_collection_is_left_out_of_public_galleries(
    client, gallery_index, memorial_index, private_collection
):
    person = MemorialEntryPageFactory(parent=memorial_index, given_name="Privatelyshown")
    kept = ArchiveImageFactory(collection=private_collection)
    shown = ArchiveImageFactory()
    gallery = GalleryPageFactory(
        parent=gallery_index, items=gallery_items([kept, shown, kept], [person])
    )
    on_page = client.get(gallery.url).content.decode()
    listing = client.get(gallery_index.url).content.decode()
    assert re.findall(r"\d+ photographs?", on_page) == ["1 photograph"]
    assert re.findall(r"\d+ photographs?|No photographs yet", listing) == ["1 photograph"]
    for address in re.findall(r'(?:src|href)="(/images/[^"]+)"', on_page + listing):
        assert client.get(address).status_code == 200, address


def test_people_shown_only_in_private_photographs_have_no_public_photograph(
    client, gallery_index, memorial_index, private_collection
):
    person = MemorialEntryPageFactory(parent=memorial_index, given_name="Privatelyshown")
    GalleryPageFactory(
        parent=gallery_index,
        items=gallery_items([ArchiveImageFactory(collection=private_collection)], [person]),
    )
    assert not list(person.photographs())
    found = client.get("/search/", {"q": "Privatelyshown", "has_photo": "1"}).context
    assert found["counts"]["entry"] == 0


def test_making_a_collection_private_takes_its_photographs_out_of_cached_galleries(
    client, gallery_index
):
    from wagtail.models import Collection, CollectionViewRestriction

    family = Collection.get_first_root_node().add_child(name="Family photographs")
    gallery = GalleryPageFactory(
        parent=gallery_index,
        items=gallery_items([ArchiveImageFactory(collection=family), ArchiveImageFactory()]),
    )
    assert "2 photographs" in client.get(gallery.url).content.decode()
    CollectionViewRestriction.objects.create(collection=family, restriction_type="login")
    assert "1 photograph" in client.get(gallery.url).content.decode()


def test_the_api_gives_the_photographs_the_gallery_page_shows(
    client, gallery_index, private_collection
):
    shown = ArchiveImageFactory()
    gallery = GalleryPageFactory(
        parent=gallery_index,
        items=gallery_items([ArchiveImageFactory(collection=private_collection), shown]),
    )
    photographs = client.get(f"/api/v2/pages/{gallery.pk}/").json()["photographs"]
    assert [photo["image"]["url"] for photo in photographs] == [
        f"http://testserver{shown.get_rendition('max-1600x1600').url}"
    ]
