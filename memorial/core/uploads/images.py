"""Accept a photograph from the public only as a clean, re-encoded copy."""

import hashlib
import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import ExifTags, Image, ImageCms, UnidentifiedImageError

from memorial.core.models import UNREADABLE_IMAGE_ERRORS

from . import refusals
from .polyglots import hidden_payload
from .sniffing import refuse_known_non_images

DEFAULT_MAX_BYTES = 15 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
JPEG_QUALITY = 90

# HEIC needs a Pillow plugin (pillow-heif) that this project does not install; should one be
# registered, its "HEIF" format is accepted too.
_BASE_FORMATS = ("JPEG", "PNG", "WEBP")
_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}
_TURN_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded photograph: none of the uploaded bytes, none of its metadata, a new name."""

    content: bytes
    name: str
    width: int
    height: int
    sha256: str
    content_type: str
    original_format: str

    def as_django_file(self) -> ContentFile:
        """For `ArchiveImage(file=clean.as_django_file(), ...)` and other FileFields."""
        return ContentFile(self.content, name=self.name)


def accepted_formats() -> tuple[str, ...]:
    return (*_BASE_FORMATS, "HEIF") if "HEIF" in Image.OPEN else _BASE_FORMATS


def clean_uploaded_image(uploaded_file) -> CleanImage:
    """Check an uploaded file by decoding it and return a clean copy, or raise UploadRefused.

    Accepted: JPEG, PNG and WebP, decided by decoding with Pillow, never by the file's name or
    its Content-Type. HEIC would need the pillow-heif plugin, which is not installed, so HEIC
    files are refused as unreadable. Limits: settings.FAMILY_UPLOAD_MAX_BYTES (15 MB) and
    settings.FAMILY_UPLOAD_MAX_PIXELS (40 megapixels); the pixel count is read from the
    header, before anything is decompressed.

    Refused, each with its own message: empty, too large, PDF, archives (zip, gzip, tar, 7z,
    rar, bzip2, xz), SVG, HTML and scripts, GIF/BMP/TIFF/ICO/PSD, decompression bombs,
    truncated or damaged images, and images with a page, script, PDF or archive hidden in
    their metadata or after their end.

    The copy is re-encoded from the pixels: EXIF orientation applied, then every piece of
    metadata dropped (EXIF with GPS, XMP, IPTC, comments, text chunks). A colour profile is
    used to convert the pixels to sRGB and then dropped too, so browsers show the colours as
    intended without any embedded profile. Saved as JPEG (quality 90), or as PNG when the
    image has real transparency, under a random name (uuid4 hex), never the uploaded name.
    """
    data = _read_bounded(uploaded_file)
    refuse_known_non_images(data)
    payload = hidden_payload(data)
    if payload:
        raise refusals.hidden_content(payload)
    max_pixels = getattr(settings, "FAMILY_UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=accepted_formats()) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise refusals.too_many_pixels(max_pixels)
                image.load()
                original_format = image.format
                content, extension, content_type, size = _reencode(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise refusals.too_many_pixels(max_pixels) from None
        except UnidentifiedImageError:
            raise refusals.not_an_image() from None
        except UNREADABLE_IMAGE_ERRORS:
            raise refusals.damaged() from None
    return CleanImage(
        content=content,
        name=f"{uuid.uuid4().hex}.{extension}",
        width=size[0],
        height=size[1],
        sha256=hashlib.sha256(content).hexdigest(),
        content_type=content_type,
        original_format=original_format,
    )


def _read_bounded(uploaded_file) -> bytes:
    limit = getattr(settings, "FAMILY_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > limit:
        raise refusals.too_large(limit)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)  # never more than the limit in memory
    if len(data) > limit:
        raise refusals.too_large(limit)
    if not data:
        raise refusals.empty()
    return data


def _reencode(image: Image.Image) -> tuple[bytes, str, str, tuple[int, int]]:
    image = _to_srgb(upright(image))
    if _has_transparency(image):
        clean = image.convert("RGBA")
        if clean.getchannel("A").getextrema() == (255, 255):
            clean = clean.convert("RGB")  # an alpha channel that hides nothing
    else:
        clean = image.convert("RGB")
    # convert() copies .info (EXIF, XMP, ICC, comments...); the copy must carry none of it.
    clean.info = {}
    output = io.BytesIO()
    if clean.mode == "RGBA":
        clean.save(output, format="PNG")
        return output.getvalue(), "png", "image/png", clean.size
    clean.save(output, format="JPEG", quality=JPEG_QUALITY)
    return output.getvalue(), "jpg", "image/jpeg", clean.size


def upright(image: Image.Image) -> Image.Image:
    """The pixels turned as the EXIF Orientation tag says.

    Not ImageOps.exif_transpose(): it writes the rest of the EXIF back, and fails (TypeError)
    on a tag of the wrong type, e.g. in the GPS data. Only the orientation is read here; the
    EXIF itself is dropped with all other metadata.
    """
    method = _TURN_FOR_ORIENTATION.get(_exif_orientation(image))
    return image.transpose(method) if method is not None else image


def _exif_orientation(image: Image.Image) -> int | None:
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation)
    except Exception:  # EXIF Pillow cannot parse is ignored, as unreadable metadata
        return None
    return orientation if isinstance(orientation, int) else None


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in _ALPHA_MODES or "transparency" in image.info


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert pixels described by an embedded colour profile to sRGB; keep them if it fails."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in {"RGB", "RGBA", "CMYK", "L"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted or image
