"""Addresses of uploaded files. Included before Wagtail's page catch-all."""

from django.urls import path, re_path

from .. import converters  # noqa: F401 (registers <id:…>)
from . import views

urlpatterns = [
    path("images/<id:rendition_id>/<str:filename>", views.rendition, name="archive_rendition"),
    path(
        "images/original/<id:image_id>/<str:filename>",
        views.original_image,
        name="archive_image_original",
    ),
    path("recordings/<id:media_id>/<str:filename>", views.recording, name="archive_recording"),
    path(
        "recordings/<id:media_id>/thumbnail/<str:filename>",
        views.recording_thumbnail,
        name="archive_recording_thumbnail",
    ),
    # Wagtail's own pattern, so `document.url` (reversed as wagtaildocs_serve) lands here.
    re_path(
        r"^documents/(?P<document_id>\d+)/(?P<document_filename>.*)$",
        views.document,
        name="archive_document",
    ),
]
