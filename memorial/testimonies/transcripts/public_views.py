"""The public WebVTT of a testimony's transcript, for <track> captions and download."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control

from memorial.core.caching import share_with_visitors
from memorial.core.privacy import is_staff_viewer, public_pages

from ..models import TestimonyPage
from .webvtt import write_webvtt


def _passes_restrictions(request, page) -> bool:
    """Staff pass everything; others still need the page's Wagtail view restrictions."""
    if is_staff_viewer(request.user):
        return True
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def _testimony_for(request, page_id) -> tuple[TestimonyPage, bool]:
    """The live testimony this visitor may read, and whether it is open to everyone.

    Besides what is open to everyone: what a researcher or staff member may read, and a
    page behind a password the visitor gave (Wagtail keeps that in their session)."""
    page = public_pages(TestimonyPage.objects.filter(pk=page_id)).first()
    if page is not None:
        return page, True
    page = TestimonyPage.objects.live().filter(pk=page_id).first()
    if (
        page is not None
        and page.specific.can_be_seen_by(request.user)
        and _passes_restrictions(request, page)
    ):
        return page, False
    raise Http404("No public transcript here.")


def testimony_transcript_vtt(request, page_id):
    """The published transcript with withheld passages replaced, for anyone who may read it.

    Staff get the public text too: masters come from `export_transcript --master`.
    """
    page, is_public = _testimony_for(request, page_id)
    response = HttpResponse(
        write_webvtt(page.segments.all(), testimony=page), content_type="text/vtt; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{page.slug}.vtt"'
    response["X-Content-Type-Options"] = "nosniff"
    # As the testimony's page: shared caches keep it only while it is open to everyone
    # (closing the testimony purges it with the page, TestimonyPage.paths_beside_the_page).
    if is_public and settings.PUBLIC_PAGE_CACHE_SECONDS > 0:
        share_with_visitors(response)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
