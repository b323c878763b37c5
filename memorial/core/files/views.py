"""Uploaded files, each after asking visibility.py whether this viewer may have it.

A file the viewer may not have answers 404, like one that does not exist, and so does an
address whose file name is not the stored one.
"""

import os
from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_safe
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve_document

from memorial.core.errors import page_not_found
from memorial.core.models import ArchiveImage, ArchiveMedia, ArchiveRendition
from memorial.core.privacy import is_staff_viewer
from memorial.core.renditions import rendition_or_none

from .locations import holds_location, poster_holds_location
from .responses import file_response, set_cache_control
from .visibility import Access, document_access, image_access, recording_access


def uncached_not_found(view):
    """A refusal must not be cached either: staff behind the same proxy would get it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            response = page_not_found(request, error)
            response["Cache-Control"] = "private, no-store"
            return response

    return wrapped


def _serve(request, field_file, filename, decide):
    return file_response(request, field_file, _serve_check(field_file, filename, decide))


def _serve_check(field_file, filename, decide) -> Access:
    if not field_file or os.path.basename(field_file.name) != filename:
        raise Http404("No such file.")
    access = decide()
    if not access:
        raise Http404("No such file.")
    return access


@require_safe
@uncached_not_found
def rendition(request, rendition_id, filename):
    found = get_object_or_404(ArchiveRendition.objects.select_related("image"), pk=rendition_id)
    return _serve(request, found.file, filename, lambda: image_access(found.image, request))


@require_safe
@uncached_not_found
def original_image(request, image_id, filename):
    """The uploaded file; one that says where it was taken only to staff. Visitors are sent
    to its full-size rendition, which says nothing of the place."""
    image = get_object_or_404(ArchiveImage, pk=image_id)
    access = _serve_check(image.file, filename, lambda: image_access(image, request))
    if not holds_location(image):
        return file_response(request, image.file, access)
    if is_staff_viewer(request.user):
        # Staff and visitors get different answers here: no shared cache may keep either.
        return file_response(request, image.file, Access.PRIVATE)
    rendition = rendition_or_none(image, "original")
    if rendition is None:
        raise Http404("No such file.")
    response = redirect(rendition.url)
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@uncached_not_found
def recording(request, media_id, filename):
    media = get_object_or_404(ArchiveMedia, pk=media_id)
    return _serve(request, media.file, filename, lambda: recording_access(media, request))


@require_safe
@uncached_not_found
def recording_thumbnail(request, media_id, filename):
    """A recording's poster picture; one that says where it was taken only to staff."""
    media = get_object_or_404(ArchiveMedia, pk=media_id)
    access = _serve_check(media.thumbnail, filename, lambda: recording_access(media, request))
    if poster_holds_location(media):
        if not is_staff_viewer(request.user):
            raise Http404("No such file.")
        access = Access.PRIVATE  # staff and visitors get different answers
    return file_response(request, media.thumbnail, access)


@uncached_not_found
def document(request, document_id, document_filename):
    """Wagtail's document view (collection privacy, the before_serve_document hooks), with
    the same cache rule as every other file.

    The address without a file name (document_links.nameless_address) serves the same
    document: a public page links a private collection's documents so."""
    if not document_filename:
        found = get_document_model().objects.filter(pk=document_id).first()
        document_filename = found.filename if found else "-"
    response = wagtail_serve_document(request, document_id, document_filename)
    access = Access.NONE
    if response.status_code in (200, 304):
        access = document_access(get_object_or_404(get_document_model(), pk=document_id), request)
    set_cache_control(response, access)
    return response
