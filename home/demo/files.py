"""Saving generated files as archive images and media, once each (looked up by title)."""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.models import Collection

from memorial.core.models import ArchiveImage, ArchiveMedia

from .common import CREDIT, MEDIA_RIGHTS, RIGHTS, SOURCE


def root_collection() -> Collection:
    return Collection.get_first_root_node()


def existing_images(prefix: str) -> dict[str, ArchiveImage]:
    return {image.title: image for image in ArchiveImage.objects.filter(title__startswith=prefix)}


def save_image(
    title: str, data: bytes, filename: str, size: tuple, date_description: str = ""
) -> ArchiveImage:
    image = ArchiveImage(
        title=title,
        collection=root_collection(),
        credit=CREDIT,
        rights=RIGHTS,
        source=SOURCE,
        date_description=date_description,
        width=size[0],
        height=size[1],
        file_size=len(data),
        file_hash=hashlib.sha1(data).hexdigest(),  # what Wagtail records for its renditions
    )
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image


def get_or_save_media(title: str, data: bytes, filename: str, duration: float) -> tuple:
    media = ArchiveMedia.objects.filter(title=title).first()
    if media:
        return media, False
    media = ArchiveMedia(
        title=title,
        collection=root_collection(),
        type="audio",
        duration=duration,
        credit=CREDIT,
        rights=MEDIA_RIGHTS,
        source=SOURCE,
        date_description="Generated",
    )
    media.file = ContentFile(data, name=filename)
    media.save()
    return media, True
