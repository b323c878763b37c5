import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from memorial.core.models import ArchiveImage

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
    html = client.get(entry.url).content.decode()
    assert "portrait--none" in html  # the portrait's place shows the initials, not a frame
    detail = client.get(f"/api/v2/pages/{entry.pk}/")
    assert detail.status_code == 200 and detail.json()["portrait_image"] is None


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP"])
def test_a_photograph_with_malformed_exif_is_shown_upright(
    client, settings, tmp_path, home, image_format
):
    from PIL import Image

    from .test_uploads import photo_with_malformed_gps_exif

    settings.MEDIA_ROOT = str(tmp_path)
    image = ArchiveImageFactory(
        file__from_file=io.BytesIO(photo_with_malformed_gps_exif(image_format)),
        file__filename="odd.jpg",
    )
    names = MemorialIndexPageFactory(parent=home, slug="names")
    entry = MemorialEntryPageFactory(parent=names, portrait=image)
    assert client.get(entry.url).status_code == 200
    rendition = image.get_rendition("width-40")
    response = client.get(rendition.url)
    assert response.status_code == 200
    shown = Image.open(io.BytesIO(b"".join(response.streaming_content))).convert("RGB")
    # Orientation 3 turns the photograph half a turn: its blue left half comes out right.
    red, _green, blue = shown.getpixel((35, 10))
    assert blue > 150 and red < 100


def noisy_jpeg(size=(400, 300)) -> bytes:
    import random

    from PIL import Image

    noise = random.Random(7)
    image = Image.new("RGB", size)
    image.putdata([tuple(noise.randrange(256) for _ in range(3)) for _ in range(size[0] * size[1])])
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90)
    return output.getvalue()


def upload_in_admin(admin_client, data: bytes, title: str):
    return admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile("scan.jpg", data, content_type="image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
            "credit": "Generated for tests",
            "rights": "CC0 1.0",
        },
    )


@pytest.mark.parametrize("kept", [0.1, 0.5, 0.9])
def test_the_admin_refuses_an_image_cut_short_with_a_reason(admin_client, settings, tmp_path, kept):
    settings.MEDIA_ROOT = str(tmp_path)
    whole = noisy_jpeg()
    response = upload_in_admin(admin_client, whole[: int(len(whole) * kept)], "cut")
    assert response.status_code == 200
    assert "cannot be read to the end" in response.content.decode()
    assert not ArchiveImage.objects.filter(title="cut").exists()
    assert upload_in_admin(admin_client, whole, "whole").status_code == 302
    assert ArchiveImage.objects.filter(title="whole").exists()


@pytest.mark.parametrize("spec", ["max-360x480", "fill-40x40", "original", "width-30|format-png"])
def test_a_rendition_carries_no_location_and_no_turn_of_its_own(
    client, settings, tmp_path, home, spec
):
    """An archivist's upload keeps its camera metadata (GPS included) in the original; the
    renditions visitors are shown must not: the location of a family's home is private, and
    an Orientation tag on pixels already turned makes browsers turn them a second time."""
    from PIL import Image

    from .test_uploads import GPS_IFD, ORIENTATION, jpeg_with_exif

    settings.MEDIA_ROOT = str(tmp_path)
    image = ArchiveImageFactory(
        file__from_file=io.BytesIO(jpeg_with_exif(orientation=3)), file__filename="home.jpg"
    )
    MemorialEntryPageFactory(parent=MemorialIndexPageFactory(parent=home), portrait=image)
    response = client.get(image.get_rendition(spec).url)
    assert response.status_code == 200
    shown = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert not shown.getexif().get_ifd(GPS_IFD)
    assert ORIENTATION not in shown.getexif()


def test_renditions_made_before_exif_was_stripped_are_drawn_again(
    settings, tmp_path, home, django_capture_on_commit_callbacks
):
    """Renditions an earlier release made kept the original's GPS position; the migration
    drops them (rows, files, Wagtail's cached rows) so the next visitor gets a clean one."""
    from importlib import import_module

    from django.apps import apps
    from PIL import Image

    from memorial.core.models import ArchiveRendition, OwedCacheRenewal

    from .test_uploads import GPS_IFD, jpeg_with_exif

    settings.MEDIA_ROOT = str(tmp_path)
    image = ArchiveImageFactory(
        file__from_file=io.BytesIO(jpeg_with_exif()), file__filename="home.jpg"
    )
    old = image.get_rendition("max-360x480")
    with old.file.storage.open(old.file.name, "wb") as made_before:
        made_before.write(jpeg_with_exif())
    migration = import_module("memorial.core.migrations.0011_renditions_made_again_without_exif")
    with django_capture_on_commit_callbacks(execute=True):
        migration.drop_renditions(apps, None)

    assert not ArchiveRendition.objects.exists()
    assert not old.file.storage.exists(old.file.name)
    assert OwedCacheRenewal.objects.exists()
    again = ArchiveImage.objects.get(pk=image.pk).get_rendition("max-360x480")
    assert again.pk != old.pk
    with again.file.open("rb") as drawn:
        assert not Image.open(drawn).getexif().get_ifd(GPS_IFD)
