from django.http import Http404
from django.shortcuts import redirect

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
