"""Whole public pages kept in the shared cache (Redis in production) for anonymous visitors.

A page is stored only when `caching.PublicPageCacheMiddleware` found it shareable: a
Wagtail page that is public, answered to a visitor who is not signed in, without a form
token, a cookie or a preview (`response.archive_shareable`). It is served again only to a
request that carries no session or other personal cookie, so a researcher or an editor
always gets a page rendered for them.

The stored copy is valid for the archive state it was rendered in (the generation token of
memorial.core.changes and the day, as the fragment caches) and for the release that rendered
it (`release_fingerprint`): publishing, unpublishing, a new
view restriction or a lifted embargo makes every stored page stale at once, in every app
process. The generation and the page are read in one round trip, before any other
middleware touches the database, so a hit costs no query at all.

A page that shows something changing without a publish (the candles lit for a person) names
a stamp while it renders (`depends_on`); whoever changes that thing renews the stamp
(`renew_stamp`), and a stored copy made under an older stamp is not served again.
"""

import hashlib
import logging
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from . import release
from .changes import GENERATION_KEY, public_state, renew_everything
from .renewals import pay_if_this_process_saw_an_outage

logger = logging.getLogger(__name__)

HIT_HEADER = "X-Page-Cache"
# Headers that belong to one answer, not to the page: never stored.
UNSTORED_HEADERS = frozenset({"set-cookie", "date", "expires"})


def cookies_are_anonymous(request) -> bool:
    """Only cookies that cannot change what a page shows: the CSRF token and the language."""
    harmless = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in harmless for name in request.COOKIES)


def page_key(request) -> str | None:
    """The cache key of the page this request asks for, or None when it may not be served
    from the cache (a write, a signed-in or identified visitor, the cache switched off)."""
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or not settings.PUBLIC_PAGE_STORE:
        return None
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return None
    if settings.STATIC_URL and request.path_info.startswith(settings.STATIC_URL):
        return None  # WhiteNoise's, further in
    if not cookies_are_anonymous(request):
        return None
    # The language as LocaleMiddleware (further in) will take it: from the /az/ or /ru/
    # prefix, English without one.
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    parts = (release.release_fingerprint(), request.scheme, request.get_host(), language)
    address = "\n".join((*parts, request.get_full_path()))
    return "page:" + hashlib.sha256(address.encode()).hexdigest()


def depends_on(request, stamp_key: str) -> None:
    """The page being rendered for `request` shows something that `stamp_key` stands for."""
    stamps = request.__dict__.setdefault("page_cache_stamps", {})
    if stamp_key not in stamps:
        value = cache.get(stamp_key)
        if value is None:
            cache.add(stamp_key, uuid4().hex, timeout=None)
            value = cache.get(stamp_key)
        stamps[stamp_key] = value


def renew_stamp(stamp_key: str) -> None:
    cache.set(stamp_key, uuid4().hex, timeout=None)


# Which stamps each stored page named, as this process has seen: the next lookup of that
# page asks for them in the same round trip as the page. Bounded; forgetting costs a trip.
_stamps_of_page: dict[str, tuple[str, ...]] = {}
STAMPS_REMEMBERED = 20_000


def stamps_still_hold(key: str, stamps: dict | None, fetched: dict, asked: set) -> bool:
    """Whether every stamp a stored page named is still what it was when it was rendered;
    `fetched` holds what the first round trip brought for the keys in `asked`."""
    if not stamps:
        return True
    missing = [stamp for stamp in stamps if stamp not in asked]
    if missing:
        fetched = {**fetched, **cache.get_many(missing)}
        if len(_stamps_of_page) >= STAMPS_REMEMBERED:
            _stamps_of_page.clear()
        _stamps_of_page[key] = tuple(stamps)
    return all(fetched.get(stamp) == value for stamp, value in stamps.items())


def freeze(response) -> dict:
    return {
        "status": response.status_code,
        "content": response.content,
        "headers": [
            (name, value)
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS
        ],
    }


def thaw(stored: dict) -> HttpResponse:
    response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response


def another_query_variant_fits(request, state: str) -> bool:
    """Whether one more address of this page with a query (`?page=…`, `?letter=…`) may be
    kept: at most PUBLIC_PAGE_QUERY_VARIANTS per page and archive state, so that asking
    for `?page=1`, `?page=01`, `?page=001`, … cannot fill the cache. Without a query, always."""
    if not request.META.get("QUERY_STRING"):
        return True
    place = "\n".join((request.get_host(), request.path, state))
    key = "page-variants:" + hashlib.sha256(place.encode()).hexdigest()
    cache.add(key, 0, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
    try:
        return cache.incr(key) <= settings.PUBLIC_PAGE_QUERY_VARIANTS
    except ValueError:  # expired in between, or the cache does not answer
        return False


class AnonymousPageCacheMiddleware:
    """Serves and stores shareable pages; first in MIDDLEWARE. A stored page keeps every
    header the rest of the chain gave it (HSTS, CSP, nosniff, language, Vary); the scheme is
    part of the key, so a plain-HTTP request still meets the HTTPS redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        # After an outage, renewals owed come before any stored page is trusted again.
        if not pay_if_this_process_saw_an_outage(renew_everything):
            return self.get_response(request)
        asked = [GENERATION_KEY, key, *_stamps_of_page.get(key, ())]
        try:
            found = cache.get_many(asked)
        except Exception:  # the cache is away: render as if nothing were stored
            logger.warning("Page cache unreachable; answering without it", exc_info=True)
            return self.get_response(request)
        generation = found.get(GENERATION_KEY)
        stored = found.get(key)
        state = public_state(generation) if generation else None
        if (
            stored
            and state
            and stored.get("state") == state
            and stamps_still_hold(key, stored.get("stamps"), found, set(asked))
        ):
            return thaw(stored["page"])
        response = self.get_response(request)
        # The state read before rendering: a change made meanwhile leaves this copy stale.
        if (
            state
            and request.method == "GET"
            and getattr(response, "archive_shareable", False)
            # A page that used a CSP nonce must never be sent twice.
            and getattr(request, "_csp_nonce", None) is None
            and another_query_variant_fits(request, state)
        ):
            cache.set(
                key,
                {
                    "state": state,
                    "stamps": getattr(request, "page_cache_stamps", None),
                    "page": freeze(response),
                },
                settings.PUBLIC_PAGE_CACHE_SECONDS,
            )
        return response
