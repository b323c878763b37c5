"""Error pages. The 500 page renders without a request, so it needs no database."""

from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", {}, request=request))


@requires_csrf_token
def server_error(request):
    return HttpResponseServerError(loader.render_to_string("500.html", {}, request=None))


def csrf_failure(request, reason=""):
    """A form sent without its CSRF cookie (expired, cleared, another tab): the archive's own
    page, in the visitor's language, not Django's (whose inline style the policy refuses)."""
    body = loader.render_to_string("403_csrf.html", {}, request=request)
    response = HttpResponseForbidden(body)
    response["Cache-Control"] = "private, no-store"
    return response
