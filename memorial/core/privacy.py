"""The one place that decides what a public visitor may see.

Every public surface (pages listing other pages, search, the short-link redirect,
sitemaps, feeds and later the API and OAI-PMH) takes its rows from `public_pages()`.
A page is public when it is live, not behind a Wagtail view restriction, and — for
access-controlled types — open to the public and not under embargo.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

# Within one request the view restrictions are read once, not once per listing.
_request_memo: ContextVar[dict | None] = ContextVar("privacy_request_memo", default=None)


@contextmanager
def request_scope():
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


class PrivacyScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self.get_response(request)


def request_memoised(key, compute):
    """compute() once per request (request_scope); every time outside one."""
    memo = _request_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget_memoised(key) -> None:
    memo = _request_memo.get()
    if memo is not None:
        memo.pop(key, None)


SECTIONS_MEMO = "sections"


def restricted_sections() -> list[tuple[str, int]]:
    """(path, depth) of every page under a Wagtail view restriction (password, login, groups)."""
    return request_memoised(
        SECTIONS_MEMO,
        lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth")),
    )


def view_restricted_q() -> Q:
    """Pages in a restricted section, as Wagtail's `PageQuerySet.public()` defines them."""
    q = Q()
    for path, depth in restricted_sections():
        q |= Q(path__startswith=path, depth__gte=depth)
    return q


@cache
def access_controlled_models():
    """Concrete page models that carry AccessMixin's fields."""
    from .mixins import AccessMixin

    return [
        model
        for model in apps.get_models()
        if issubclass(model, AccessMixin) and issubclass(model, Page)
    ]


@cache
def access_following_models():
    """Page models whose access follows another page's (`access_follows`: a FK's name)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and getattr(model, "access_follows", None)
    ]


def closed_followed_q(model) -> Q:
    """Rows of `model` whose followed page is not live or not open to the public."""
    field = model.access_follows
    followed = model._meta.get_field(field).related_model
    closed = followed.objects.filter(Q(live=False) | restricted_q()).values("pk")
    return Q(**{f"{field}__in": closed}) | Q(**{f"{field}__isnull": True})


def restricted_q(today=None) -> Q:
    """Rows of an AccessMixin model that a public visitor may not see today."""
    today = today or timezone.localdate()
    return ~Q(access_level="public") | Q(embargo_until__gt=today)


def public_pages(queryset=None):
    """Live, unrestricted, publicly accessible pages from `queryset` (all pages by default)."""
    from .mixins import AccessMixin

    qs = Page.objects.all() if queryset is None else queryset
    qs = qs.live()
    if restricted := view_restricted_q():
        qs = qs.exclude(restricted)
    if issubclass(qs.model, AccessMixin):
        return qs.exclude(restricted_q())
    if getattr(qs.model, "access_follows", None):
        return qs.exclude(closed_followed_q(qs.model))
    if not issubclass(qs.model, Page) or qs.model is Page:
        for model in access_controlled_models():
            # Each model has a partial index on its closed rows (AccessMixin.closed_index).
            qs = qs.exclude(pk__in=model.objects.filter(restricted_q()).values("pk"))
        for model in access_following_models():
            qs = qs.exclude(pk__in=model.objects.filter(closed_followed_q(model)).values("pk"))
    return qs


RESEARCHERS_GROUP = "Researchers"


def is_staff_viewer(user) -> bool:
    """Archive staff see every item, whatever its access level or embargo."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


def is_researcher(user) -> bool:
    """A registered researcher who has accepted the terms of use."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not getattr(user, "research_terms_accepted_at", None):
        return False
    return request_memoised(
        ("researcher", user.pk), lambda: user.groups.filter(name=RESEARCHERS_GROUP).exists()
    )


def can_view_content(item, user) -> bool:
    """May this user see the content of an AccessMixin item (not only its listing)?

    Public and open: everyone. Under embargo: staff only, until the day it lifts.
    Researchers: researchers who accepted the terms, and staff. Staff: staff.
    """
    from .mixins import AccessLevel

    if is_staff_viewer(user):
        return True
    if item.is_under_embargo:
        return False
    if item.access_level == AccessLevel.PUBLIC:
        return True
    return item.access_level == AccessLevel.RESEARCHERS and is_researcher(user)


def listed_pages(queryset):
    """Pages a public listing may name: the public ones, and closed ones (researchers only,
    staff only, embargoed) whose archivist chose to list them as restricted.

    For models with a `restricted_listing` field; the listing must show closed rows' content
    through `can_view_content`, never directly.
    """
    qs = queryset.live()
    if restricted := view_restricted_q():
        qs = qs.exclude(restricted)
    return qs.exclude(restricted_q() & Q(restricted_listing="hidden"))


IS_PUBLIC_MEMO = "is-public"
# What a change to the archive in the middle of a request makes stale (changes.py forgets).
ARCHIVE_STATE_MEMOS = (SECTIONS_MEMO, IS_PUBLIC_MEMO)


def is_public(page) -> bool:
    """Read once per request for each page (a page asks while it is drawn, for its social
    card, and again when its answer may be shared: memorial.core.caching), until the archive
    changes in the request (memorial.core.changes.mark_archive_changed forgets it)."""
    known = request_memoised(IS_PUBLIC_MEMO, dict)
    key = (page._meta.label, page.pk)
    if key not in known:
        known[key] = public_pages(type(page).objects.filter(pk=page.pk)).exists()
    return known[key]


def visible_ids(model, ids) -> set:
    """Which of these page ids a public visitor may see, in one query.

    For lists an editor chose (people in a photograph, related entries): filter the
    list against this set to keep the editor's order.
    """
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return set()
    return set(public_pages(model.objects.filter(pk__in=ids)).values_list("pk", flat=True))
