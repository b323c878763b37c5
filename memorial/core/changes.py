"""A token that changes whenever what the public may see may have changed.

Caches of public results (search) put it in their keys, so a publish, an unpublish, a
new view restriction, an import or a lifted embargo makes every cached result stale at
once, in every app process sharing the cache. Saves that bypass model signals (bulk SQL
imports, queryset updates) call `mark_archive_changed()` themselves.

Search's results have a token of their own (`searched_state()`), renewed by every change
except to pages search never reaches (a family's remembrance approved all day long leaves
the commonest names' results in the cache) and to people: a change to one person renews
only the generations of that person's name keys (memorial.core.name_generations).

The shared cache may stop answering (memorial.core.redis_cache). Pages are then drawn
without it, each request under a token of its own, so nothing stored while the token could
not be read is ever shown again. A change the cache could not hear of would leave stale
pages in it once it answers again, so such a change is refused before it is stored
(`CacheUnreachable`, answered with a 503 by memorial.core.outage).
"""

from hashlib import sha256
from uuid import uuid4

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageViewRestriction

from . import release
from .name_generations import names_changed
from .privacy import forget_memoised, request_memoised
from .redis_cache import OUTAGE_ERRORS, strict

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
    # None: the cache does not answer. A token no other request shares keeps whatever this
    # request might store from being found by any other.
    return value if value is not None else f"unread-{uuid4().hex}"


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


class CacheUnreachable(RuntimeError):
    """The shared cache does not answer, so a change that would make its pages stale was
    refused (or, if it had been stored already, could not make them stale)."""


def mark_archive_changed(searched: bool = True) -> None:
    """Make every cached public result stale; with `searched=False`, all but search's."""
    keys = (GENERATION_KEY, SEARCHED_GENERATION_KEY) if searched else (GENERATION_KEY,)
    for key in keys:
        try:
            strict(cache).set(key, uuid4().hex, timeout=None)
        except OUTAGE_ERRORS as error:
            raise CacheUnreachable("The archive's cache could not be told of a change.") from error
        forget_memoised(key)


def make_sure_the_cache_hears() -> None:
    """Raise CacheUnreachable unless the shared cache answers now."""
    try:
        strict(cache).get(GENERATION_KEY)
    except OUTAGE_ERRORS as error:
        raise CacheUnreachable(
            "The archive's cache does not answer; nothing was changed."
        ) from error


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


def _public_may_change(instance, update_fields, adding: bool) -> bool:
    if not isinstance(instance, Page | PageViewRestriction):
        return False
    if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return False
    # A new draft (a family's remembrance awaiting moderation) is seen by no visitor.
    return not (adding and isinstance(instance, Page) and not instance.live)


@receiver(pre_save)
@receiver(pre_delete)
def _before_model_change(sender, instance, update_fields=None, **kwargs):
    if _public_may_change(instance, update_fields, adding=instance._state.adding):
        make_sure_the_cache_hears()


@receiver(post_save)
@receiver(post_delete)
def _on_model_change(sender, instance, update_fields=None, created=False, signal=None, **kwargs):
    if not _public_may_change(instance, update_fields, adding=created):
        return
    name_keys = None if signal is post_delete else searched_name_keys(instance)
    if name_keys is None:
        mark_archive_changed(searched=reaches_search(instance))
    else:
        mark_archive_changed(searched=False)
        names_changed(name_keys)


def searched_name_keys(instance) -> set[str] | None:
    """The name keys by which alone search finds this page (a person), or None when a
    change to it may change any search's results. A deleted person renews everything:
    their keys are gone with them."""
    if not isinstance(instance, Page):
        return None
    read = getattr(instance.specific_class or type(instance), "searched_name_keys", None)
    return None if read is None else set(read(instance.pk))


def reaches_search(instance) -> bool:
    """Whether a change to this page or view restriction may change what search finds.

    False only for pages of types that declare `reaches_search = False`: never searched
    and holding no pages. Any view restriction counts, to keep this simple and safe."""
    if not isinstance(instance, Page):
        return True
    model = instance.specific_class or type(instance)
    return getattr(model, "reaches_search", True)
