"""Models every part of the archive relies on: user, images, audio/video."""

import os
import struct

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from PIL.Image import DecompressionBombError
from wagtail.images.models import AbstractImage, AbstractRendition, Image, SourceImageIOError
from wagtail.search import index
from wagtailmedia.models import AbstractMedia

from .checksums import ChecksumMixin
from .files.fieldfiles import OriginalImageFile, RecordingFile, RecordingThumbnailFile
from .files.recordings import scrub_recording

RIGHTS_HELP = (
    "Who may reuse this file and how: a licence (e.g. CC BY 4.0), 'In copyright — "
    "used with permission of the family', or 'Rights unknown'."
)


class User(AbstractUser):
    """The archive's own user model, so staff accounts can grow without a migration dance."""

    research_terms_accepted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When this user accepted the terms of use for restricted material. "
        "Researchers see researchers-only items only after accepting them.",
    )

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"


class ProvenanceFields(models.Model):
    """Credit, rights, source and fixity: what an archive must know of every file."""

    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown under the file wherever it appears, e.g. 'Courtesy of the family'.",
    )
    rights = models.CharField(max_length=255, blank=True, help_text=RIGHTS_HELP)
    source = models.CharField(
        max_length=255,
        blank=True,
        help_text="Where the original is held: collection, fonds, box or reference number.",
    )
    date_description = models.CharField(
        "date",
        max_length=100,
        blank=True,
        help_text="When it was made, as precisely as known: '1938', 'May 1940', 'c. 1935'.",
    )
    sha256 = models.CharField(
        "SHA-256",
        max_length=64,
        blank=True,
        editable=False,
        help_text="Checksum of the original file, recorded at upload for fixity checks.",
    )

    class Meta:
        abstract = True


# What decoding a damaged image raises: Pillow's OSError ("image file is truncated"),
# SyntaxError (a broken PNG chunk), ValueError, EOFError and struct.error, its
# decompression-bomb guard, and the KeyError Willow gives for a file whose type it cannot
# tell. Family uploads (memorial.core.uploads.images) refuse on the same list.
UNREADABLE_IMAGE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    KeyError,
    DecompressionBombError,
)


class ArchiveImage(ChecksumMixin, ProvenanceFields, AbstractImage):
    admin_form_fields = (
        *Image.admin_form_fields,
        "credit",
        "rights",
        "source",
        "date_description",
    )
    search_fields = [
        *AbstractImage.search_fields,
        index.SearchField("credit"),
        index.SearchField("source"),
    ]

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        permissions = [("choose_image", "Can choose image")]

    def generate_rendition_file(self, filter, *, source=None):
        """Wagtail's, with an original that cannot be read (cut short, emptied, damaged)
        reported as Wagtail reports a missing one: its image tags then draw a broken image
        instead of failing the whole page."""
        try:
            return super().generate_rendition_file(filter, source=source)
        except SourceImageIOError:
            raise
        except UNREADABLE_IMAGE_ERRORS as error:
            raise SourceImageIOError(f"{self.file.name}: {error}") from error


class ArchiveRendition(AbstractRendition):
    image = models.ForeignKey(ArchiveImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def url(self):
        """The permission-checked address (memorial.core.files), never MEDIA_URL; none for
        the stand-in Wagtail draws when the original is missing or unreadable."""
        if self.pk is None:
            return ""
        return reverse("archive_rendition", args=[self.pk, os.path.basename(self.file.name)])


class ArchiveMedia(ChecksumMixin, ProvenanceFields, AbstractMedia):
    """An audio or video file: testimonies, recordings, films."""

    admin_form_fields = (
        *AbstractMedia.admin_form_fields,
        "credit",
        "rights",
        "source",
        "date_description",
    )

    class Meta(AbstractMedia.Meta):
        verbose_name = "audio or video file"
        verbose_name_plural = "audio and video files"

    def prepare_original(self, field_file) -> None:
        """Visitors get the recording as stored: it keeps no trace of where it was made."""
        scrub_recording(field_file)


# Every address of an original image, a recording or its thumbnail is a permission-checked
# view (memorial.core.files); `media.url` and `media.sources` are built from these.
ArchiveImage._meta.get_field("file").attr_class = OriginalImageFile
ArchiveMedia._meta.get_field("file").attr_class = RecordingFile
ArchiveMedia._meta.get_field("thumbnail").attr_class = RecordingThumbnailFile


class OwedCacheRenewal(models.Model):
    """A change the shared cache could not be told of (it did not answer).

    Whoever next reaches the cache renews every cached page and result and deletes these
    rows (memorial.core.changes.pay_owed_renewals): the preparer loop, the health check,
    or a web process that saw the outage.
    """

    owed_since = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "owed cache renewal"
