"""A token that changes whenever what the public may see may have changed.

Caches of public results (search) put it in their keys, so a publish, an unpublish, a
new view restriction, an import or a lifted embargo makes every cached result stale at
once, in every app process sharing the cache. Saves that bypass model signals (bulk SQL
imports, queryset updates) call `mark_archive_changed()` themselves.

Search's results have a token of their own (`searched_state()`), renewed by every change
except to pages search never reaches: a family's remembrance approved all day long
leaves the commonest names' results in the cache.
"""

from hashlib import sha256
from uuid import uuid4

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageViewRestriction

from . import release
from .privacy import forget_memoised, request_memoised

GENERATION_KEY = "archive:generation"
# Changes only when what search may find may have changed: publishing a family's
# remembrance renews the archive generation (its entry page shows it), not this one.
SEARCHED_GENERATION_KEY = "archive:searched-generation"


def archive_generation() -> str:
    """The current token, read once per request (a request sees one state of the archive)."""
    return _generation(GENERATION_KEY)


def _generation(key: str) -> str:
    return request_memoised(key, lambda: _read_generation(key))


def _read_generation(key: str) -> str:
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid4().hex, timeout=None)
        value = cache.get(key)
    return value


def public_state(generation: str | None = None) -> str:
    """What the public may see, as a key part: the generation, the day (an embargo lifts
    at midnight without any save) and the release (new templates draw pages anew).
    `generation` when the caller already read it."""
    return _state(generation or archive_generation())


def _state(generation: str) -> str:
    day = timezone.localdate().isoformat()
    return f"{generation}:{day}:{release.release_fingerprint()}"


def searched_state() -> str:
    """What search may find, as a key part: like public_state(), but kept when only pages
    that search never lists and that hold no other pages change (`reaches_search`)."""
    return _state(_generation(SEARCHED_GENERATION_KEY))


def cached_while_unchanged(namespace: str, parts: tuple, compute, timeout: int, state=None):
    """`compute()`, kept in the cache until the public state changes (or `timeout` passes).

    `state` is the key part that decides when (default: public_state())."""
    digest = sha256(repr((state or public_state(), parts)).encode()).hexdigest()
    key = f"{namespace}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout)
    return found


def mark_archive_changed(searched: bool = True) -> None:
    """Make every cached public result stale; with `searched=False`, all but search's."""
    keys = (GENERATION_KEY, SEARCHED_GENERATION_KEY) if searched else (GENERATION_KEY,)
    for key in keys:
        cache.set(key, uuid4().hex, timeout=None)
        forget_memoised(key)


# A page saved with only these fields changed nothing the public sees: saving a draft
# revision, locking a page for editing, commenting. Cached results stay valid.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        COMMENTS_RELATION_NAME,
        "locked",
        "locked_by",
        "locked_at",
    }
)


@receiver(post_save)
@receiver(post_delete)
def _on_model_change(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, Page | PageViewRestriction):
        return
    if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    mark_archive_changed(searched=reaches_search(instance))


def reaches_search(instance) -> bool:
    """Whether a change to this page or view restriction may change what search finds.

    False only for pages of types that declare `reaches_search = False`: never searched
    and holding no pages. Any view restriction counts, to keep this simple and safe."""
    if not isinstance(instance, Page):
        return True
    model = instance.specific_class or type(instance)
    return getattr(model, "reaches_search", True)
