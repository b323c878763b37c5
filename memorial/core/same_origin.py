"""A form post that carries no CSRF token, guarded by where it was sent from instead.

The candle button sits on entry pages that anonymous visitors get from a shared cache; a
per-visitor token in the form would make every copy personal. Lighting a candle reveals and
changes nothing private, so the browser's own word on the request's origin is enough: a
post another site made a visitor's browser send is refused. The origins in
CSRF_TRUSTED_ORIGINS count as this site, as they do for Django's CSRF check.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden
from django.utils.http import is_same_domain
from django.views.decorators.csrf import csrf_exempt

ALLOWED_FETCH_SITES = {"same-origin", "none"}
REFUSAL = "This form can only be sent from this site's own pages."


def sent_from_this_site(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site in ALLOWED_FETCH_SITES:
        return True
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin:
        # Old browsers and non-browser clients: they cannot be made to post by another site.
        return fetch_site is None
    parts = _split(origin)
    if parts is None:
        return False  # an address no browser sends ("http://[::1"): not this site
    if fetch_site is None and parts.netloc == request.get_host():
        return True
    return is_trusted_origin(origin)


def _split(address: str):
    try:
        return urlsplit(address)
    except ValueError:
        return None


def is_trusted_origin(address: str) -> bool:
    """Whether `address` belongs to an origin in CSRF_TRUSTED_ORIGINS (the site's other
    addresses, e.g. behind a proxy), as Django's CSRF check reads that setting: an exact
    origin, or `https://*.example.org` for its subdomains."""
    parts = _split(address)
    if parts is None or not parts.scheme or not parts.netloc:
        return False
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        allowed = urlsplit(trusted)
        if allowed.scheme != parts.scheme:
            continue
        if allowed.netloc.startswith("*"):
            if is_same_domain(parts.netloc, allowed.netloc[1:]):
                return True
        elif allowed.netloc == parts.netloc:
            return True
    return False


def same_origin_post(view):
    """Exempt `view` from the CSRF token and refuse posts sent from other sites (403)."""

    @csrf_exempt
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method == "POST" and not sent_from_this_site(request):
            return HttpResponseForbidden(REFUSAL, content_type="text/plain; charset=utf-8")
        return view(request, *args, **kwargs)

    return guarded
