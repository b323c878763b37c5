"""Public requests larger than any public form can need are refused before they are read.

Django reads a whole POST body, files into temporary files on disk, as soon as anything
looks at request.POST, and the CSRF check does so before any view: without a bound, one
visitor could send gigabytes to a family form and fill the disk before the form refused the
file. PUBLIC_REQUEST_MAX_BYTES (ten full-size photographs and their words) bounds every
request outside the admin; archivists upload recordings and imports of any size there.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

ADMIN_PREFIX = "/admin/"


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django then reads no body at all


class PublicRequestSizeMiddleware:
    """Place before anything that reads the body (CsrfViewMiddleware) and after
    LocaleMiddleware, so the refusal speaks the visitor's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.PUBLIC_REQUEST_MAX_BYTES
        if declared_length(request) > limit and not request.path_info.startswith(ADMIN_PREFIX):
            return too_large(request, limit)
        return self.get_response(request)


def too_large(request, limit: int) -> HttpResponse:
    megabytes = f"{limit / (1024 * 1024):.0f}"
    body = render_to_string("413.html", {"megabytes": megabytes}, request=request)
    response = HttpResponse(body, status=413)
    response["Cache-Control"] = "private, no-store"
    return response
