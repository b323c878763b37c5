"""Does a stored photograph say where it was taken?

A camera or phone writes its GPS position into the EXIF (and sometimes the XMP) of a
photograph. Renditions never carry it (memorial.core.renditions); an original that does is
kept for staff, and visitors get its full-size rendition instead (views.original_image). A
recording's poster picture that does is for staff only (views.recording_thumbnail).
"""

from django.core.cache import cache
from PIL import ExifTags, Image

from memorial.core.models import UNREADABLE_IMAGE_ERRORS

_XMP_KEYS = ("xmp", "XML:com.adobe.xmp")  # JPEG and WebP; PNG's iTXt chunk
_XMP_LOCATION = ("GPSLatitude", "GPSLongitude")


def holds_location(image) -> bool:
    """True when the image's stored file has a GPS position, or cannot be read to tell
    (fails closed).

    The answer is kept by the file's name and checksum: a file replaced under the same name
    (deleted, then uploaded again) is read afresh.
    """
    key = f"image-holds-location:{image.pk}:{image.sha256}:{image.file.name}"
    return cache.get_or_set(key, lambda: _read_location(image.file), None)


def poster_holds_location(media) -> bool:
    """True when a recording's poster picture has a GPS position. A file Pillow cannot tell
    as a picture has no EXIF or XMP to read: it says nothing (it is served as before)."""
    key = f"poster-holds-location:{media.pk}:{media.thumbnail.name}"
    return cache.get_or_set(key, lambda: _read_location(media.thumbnail, unreadable=False), None)


def _read_location(field_file, unreadable=True) -> bool:
    try:
        with field_file.storage.open(field_file.name, "rb") as handle, Image.open(handle) as image:
            if image.getexif().get_ifd(ExifTags.IFD.GPSInfo):
                return True
            xmp = next((image.info[key] for key in _XMP_KEYS if key in image.info), b"")
    except UNREADABLE_IMAGE_ERRORS:
        return unreadable
    if isinstance(xmp, bytes):
        xmp = xmp.decode("utf-8", "replace")
    return any(tag in xmp for tag in _XMP_LOCATION)
