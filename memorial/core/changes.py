"""A token that changes whenever what the public may see may have changed.

Caches of public results (search) put it in their keys, so a publish, an unpublish, a
new view restriction, an import or a lifted embargo makes every cached result stale at
once, in every app process sharing the cache. Saves that bypass model signals (bulk SQL
imports, queryset updates) call `mark_archive_changed()` themselves.
"""

from hashlib import sha256
from uuid import uuid4

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageViewRestriction

from .privacy import forget_memoised, request_memoised

GENERATION_KEY = "archive:generation"


def archive_generation() -> str:
    """The current token, read once per request (a request sees one state of the archive)."""
    return request_memoised(GENERATION_KEY, _read_generation)


def _read_generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def public_state(generation: str | None = None) -> str:
    """What the public may see, as a key part: the generation and the day (an embargo lifts
    at midnight without any save). `generation` when the caller already read it."""
    return f"{generation or archive_generation()}:{timezone.localdate().isoformat()}"


def cached_while_unchanged(namespace: str, parts: tuple, compute, timeout: int):
    """`compute()`, kept in the cache until the public state changes (or `timeout` passes)."""
    digest = sha256(repr((public_state(), parts)).encode()).hexdigest()
    key = f"{namespace}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout)
    return found


def mark_archive_changed() -> None:
    cache.set(GENERATION_KEY, uuid4().hex, timeout=None)
    forget_memoised(GENERATION_KEY)


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
    mark_archive_changed()
