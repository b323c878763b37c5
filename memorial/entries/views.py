from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from memorial.core.files.responses import set_cache_control
from memorial.core.files.views import uncached_not_found
from memorial.core.files.visibility import Access
from memorial.core.privacy import public_pages

from .identifiers import is_identifier
from .models import MemorialEntryPage


def entry_short_link(request, identifier):
    """/e/<identifier>/ → the entry's current URL. Unpublished or restricted entries are 404."""
    if not is_identifier(identifier):
        raise Http404("No public entry has this identifier.")
    entry = public_pages(MemorialEntryPage.objects.filter(identifier=identifier)).first()
    if entry is None:
        raise Http404("No public entry has this identifier.")
    return redirect(entry.get_url(request=request))


@require_safe
@uncached_not_found
def entry_preview_image(request, identifier):
    """/e/<identifier>/preview.png: the picture shown when a public entry's link is shared."""
    from .social import preview_png

    if not is_identifier(identifier):
        raise Http404("No public entry has this identifier.")
    entry = (
        public_pages(MemorialEntryPage.objects.filter(identifier=identifier))
        .select_related("portrait", "birth_place", "death_place")
        .first()
    )
    if entry is None:
        raise Http404("No public entry has this identifier.")
    response = HttpResponse(preview_png(entry, request), content_type="image/png")
    set_cache_control(response, Access.PUBLIC)
    return response
