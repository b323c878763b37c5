"""A form post that carries no CSRF token, guarded by where it was sent from instead.

The candle button sits on entry pages that anonymous visitors get from a shared cache; a
per-visitor token in the form would make every copy personal. Lighting a candle reveals and
changes nothing private, so the browser's own word on the request's origin is enough: a
post another site made a visitor's browser send is refused.
"""

import functools
from urllib.parse import urlsplit

from django.http import HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt

ALLOWED_FETCH_SITES = {"same-origin", "none"}
REFUSAL = "This form can only be sent from this site's own pages."


def sent_from_this_site(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ALLOWED_FETCH_SITES
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin:
        # Old browsers and non-browser clients: they cannot be made to post by another site.
        return True
    return urlsplit(origin).netloc == request.get_host()


def same_origin_post(view):
    """Exempt `view` from the CSRF token and refuse posts sent from other sites (403)."""

    @csrf_exempt
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method == "POST" and not sent_from_this_site(request):
            return HttpResponseForbidden(REFUSAL, content_type="text/plain; charset=utf-8")
        return view(request, *args, **kwargs)

    return guarded
