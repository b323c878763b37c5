"""Stored files whose `.url` is the permission-checked view, never the storage's own address.

Set as the `attr_class` of the file fields of images and recordings (memorial/core/models.py),
so every `image.file.url`, `media.url`, `media.sources` and `media.thumbnail.url` -- in
templates, the API, wagtailmedia's admin -- goes through memorial.core.files.views.
"""

import os

from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.urls import reverse


class ViewURLMixin:
    url_name: str

    @property
    def url(self):
        self._require_file()
        if self.instance.pk is None:
            return ""  # not saved yet: there is no address to give
        return reverse(self.url_name, args=[self.instance.pk, os.path.basename(self.name)])


class OriginalImageFile(ViewURLMixin, ImageFieldFile):
    url_name = "archive_image_original"


class RecordingFile(ViewURLMixin, FieldFile):
    url_name = "archive_recording"


class RecordingThumbnailFile(ViewURLMixin, FieldFile):
    url_name = "archive_recording_thumbnail"


class ReleaseFormFile(ViewURLMixin, FieldFile):
    """A signed release form: its address is the staff-only admin view."""

    url_name = "consent_release_form"

    @property
    def url(self):
        self._require_file()
        return reverse(self.url_name, args=[self.instance.pk]) if self.instance.pk else ""
