"""Caching of rendered pages: fragments in the shared cache, whole pages in a proxy.

Fragments. Entry and testimony templates keep their expensive parts with Wagtail's
`{% wagtailpagecache %}`, which keys them by the page's published state and the site and
never reads or stores them in a preview. The `fragment_cache` context processor adds
what else a fragment may depend on:

- the viewer class (public / researcher / staff): researchers and staff may see what
  visitors may not (memorial.core.privacy.can_view_content), so a fragment rendered for
  one class is never shown to another;
- the interface language: a fragment's labels are translated;
- the archive generation and the day (memorial.core.changes): a fragment also shows other
  pages (photographs from galleries, testimonies naming a person, remembrances), whose
  publishing or lifted embargo does not change this page's revision.

Whole pages. `PublicPageCacheMiddleware` lets shared caches keep an anonymous visitor's
copy of a public page, and nothing else; publishing and unpublishing purge the page from
the proxy (WAGTAILFRONTENDCACHE, configured from FRONTEND_CACHE_PURGE_URL). The same
pages are kept in the shared cache by memorial.core.page_cache, for sites with no proxy.
"""

from functools import cached_property

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.models import Page

from .changes import public_state
from .privacy import is_public, is_researcher, is_staff_viewer

PUBLIC_VIEWER = "public"
RESEARCHER_VIEWER = "researcher"
STAFF_VIEWER = "staff"


def viewer_class(user) -> str:
    """The kind of viewer, as far as what a page shows can differ between them."""
    if is_staff_viewer(user):
        return STAFF_VIEWER
    if is_researcher(user):
        return RESEARCHER_VIEWER
    return PUBLIC_VIEWER


class FragmentVary:
    """The parts of a fragment key besides the page, each computed only when a fragment
    is rendered (a template without one costs nothing)."""

    def __init__(self, request):
        self.request = request

    @property
    def seconds(self) -> int:
        return settings.PAGE_FRAGMENT_CACHE_SECONDS

    @cached_property
    def viewer(self) -> str:
        return viewer_class(getattr(self.request, "user", None))

    @property
    def language(self) -> str:
        return translation.get_language() or settings.LANGUAGE_CODE

    @cached_property
    def archive_state(self) -> str:
        return public_state()


def fragment_cache(request):
    """Context processor: `fragment_cache.seconds`, `.viewer`, `.language` and `.archive_state`."""
    return {"fragment_cache": FragmentVary(request)}


def share_with_visitors(response) -> None:
    """What everybody may have, as a public page is kept: by shared caches (purged on
    publish) for PUBLIC_PAGE_CACHE_SECONDS, and asked again by browsers each time."""
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=settings.PUBLIC_PAGE_CACHE_SECONDS
    )
    patch_vary_headers(response, ("Cookie",))


def keep_from_shared_caches(request, response) -> None:
    """Any other answer, unless its view said otherwise: a shared cache keeps none of them
    (left to their own default rules, proxies store answers no purge names: a search
    naming a person whose consent was just withdrawn, a page drawn for a researcher). What
    a signed-in reader is shown may be closed to others: no cache stores it at all."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)


class PublicPageCacheMiddleware:
    """Cache-Control for Wagtail pages: shared caches may keep a public page as an
    anonymous visitor gets it, for PUBLIC_PAGE_CACHE_SECONDS; browsers always ask again
    (max-age=0), so a purge on publish reaches every reader at once. Every other answer
    without a Cache-Control of its own is kept from shared caches (`keep_from_shared_caches`).

    Never for signed-in viewers (researchers and staff see more), previews, pages that are
    not public (restricted, embargoed, behind a password), answers that carry a CSRF
    token (a form, such as the candle on an entry page) or set a cookie, or addresses
    whose query the page does not read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page = getattr(response, "archive_page", None)
        if page is not None and self.may_share(request, response, page):
            share_with_visitors(response)
            response.archive_shareable = True
        elif not response.has_header("Cache-Control"):
            keep_from_shared_caches(request, response)
        return response

    def process_template_response(self, request, response):
        page = (response.context_data or {}).get("page")
        if isinstance(page, Page):
            response.archive_page = page
        return response

    def may_share(self, request, response, page) -> bool:
        return bool(
            settings.PUBLIC_PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
            and not response.cookies
            and not getattr(request, "is_preview", False)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.user.is_authenticated
            and not request.session.modified
            and query_is_cacheable(request, page)
            and not getattr(request, NOT_CANONICAL, False)
            and is_public(page)
        )


MAX_CACHED_QUERY_VALUE = 32
NOT_CANONICAL = "archive_query_not_canonical"


def query_not_canonical(request) -> None:
    """The page did not use a query value as given (`?page=999` past the end, `?page=01`,
    `?letter=zz`): the answer is sent, but no shared cache keeps it, so that varying the
    value cannot fill them. Pages call this where they fall back."""
    setattr(request, NOT_CANONICAL, True)


def query_is_cacheable(request, page) -> bool:
    """Whether shared caches may keep this address: each query parameter is one the page
    reads (`cached_query_parameters`), given once, with a short value. Anything else is
    answered afresh, so varying the query cannot fill a cache."""
    allowed = getattr(page, "cached_query_parameters", frozenset())
    return all(
        name in allowed and len(values) == 1 and len(values[0]) <= MAX_CACHED_QUERY_VALUE
        for name, values in request.GET.lists()
    )
