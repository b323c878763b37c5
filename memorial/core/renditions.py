"""Renditions: of every image in a StreamField with one query, and of an original that
may be missing or damaged."""

from django.db.models import prefetch_related_objects
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.images.models import AbstractImage, SourceImageIOError


def _images_in(value):
    if isinstance(value, AbstractImage):
        yield value
    elif isinstance(value, StreamValue):
        for child in value:
            yield from _images_in(child.value)
    elif isinstance(value, StructValue):
        for child in value.values():
            yield from _images_in(child)
    elif isinstance(value, ListValue | list | tuple):
        for child in value:
            yield from _images_in(child)


def prefetch_stream_renditions(*stream_values) -> None:
    """Prefetch renditions on the image instances the templates will render."""
    images = [image for value in stream_values for image in _images_in(value)]
    if images:
        prefetch_related_objects(images, "renditions")


def rendition_or_none(image, spec):
    """The rendition, or None when the original is missing or cannot be read (as
    ArchiveImage reports it): a page, its JSON-LD and the API then leave the image out."""
    try:
        return image.get_rendition(spec)
    except SourceImageIOError:
        return None


def orient_by_orientation_tag_alone() -> None:
    """Renditions turn an original by its EXIF Orientation tag alone (uploads.images.upright),
    and carry none of its EXIF.

    Willow's auto_orient is Pillow's ImageOps.exif_transpose, which also writes the rest of
    the EXIF back and raises TypeError on a tag of the wrong type (seen in GPS data): every
    rendition of such a photograph, and the page showing it, failed. Willow saves whatever
    EXIF the image still holds into the rendition: the GPS position of an archivist's upload
    went to every visitor, and the Orientation tag made browsers turn the turned pixels again.
    Every Wagtail rendition is auto-oriented first, so dropping the EXIF here covers them all;
    the original keeps it."""
    from willow.plugins.pillow import PillowImage
    from willow.registry import registry

    from .uploads.images import upright

    def auto_orient(image):
        turned = upright(image.image)
        turned.info = {key: value for key, value in turned.info.items() if key != "exif"}
        return PillowImage(turned)

    registry.register_operation(PillowImage, "auto_orient", auto_orient)
