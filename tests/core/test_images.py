import hashlib

import pytest
from django.core.files.base import ContentFile

from ..factories import (
    ArchiveImageFactory,
    GalleryIndexPageFactory,
    GalleryPageFactory,
    MemorialEntryPageFactory,
    MemorialIndexPageFactory,
    gallery_items,
)

pytestmark = pytest.mark.django_db


def test_every_image_gets_a_sha256_of_its_original():
    image = ArchiveImageFactory()
    with image.file.open("rb") as handle:
        expected = hashlib.sha256(handle.read()).hexdigest()
    assert image.sha256 == expected


def damage(image, how: str) -> None:
    storage, name = image.file.storage, image.file.name
    data = storage.open(name).read()
    storage.delete(name)
    if how == "cut short":
        storage.save(name, ContentFile(data[: len(data) // 3]))
    elif how == "emptied":
        storage.save(name, ContentFile(b""))


@pytest.mark.parametrize("how", ["missing", "cut short", "emptied"])
def test_a_damaged_original_leaves_its_pages_standing(client, settings, tmp_path, home, how):
    settings.MEDIA_ROOT = str(tmp_path)
    image = ArchiveImageFactory()
    names = MemorialIndexPageFactory(parent=home, slug="names")
    entry = MemorialEntryPageFactory(
        parent=names,
        portrait=image,
        biography=[{"type": "image", "value": {"image": image.pk, "alt_text": "A gate"}}],
    )
    gallery = GalleryPageFactory(
        parent=GalleryIndexPageFactory(parent=home), items=gallery_items([image])
    )
    damage(image, how)
    for address in (entry.url, gallery.url, names.url, f"/api/v2/pages/{gallery.pk}/"):
        assert client.get(address).status_code == 200, address
    detail = client.get(f"/api/v2/pages/{entry.pk}/")
    assert detail.status_code == 200 and detail.json()["portrait_image"] is None
