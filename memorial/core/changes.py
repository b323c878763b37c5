"""A token that changes whenever what the public may see may have changed.

Caches of public results (search) put it in their keys, so a publish, an unpublish, a
new view restriction, an import, a lifted embargo or an image or document edited (moved
into a private collection, replaced, deleted) makes every cached result stale at once,
in every app process sharing the cache. Saves that bypass model signals (bulk SQL imports,
queryset updates) call `mark_archive_changed()` themselves.

Search's results have a token of their own (`searched_state()`), renewed by every change
except to pages search never reaches (a family's remembrance approved all day long leaves
the commonest names' results in the cache) and to people: a change to one person renews
only the generations of that person's name keys (memorial.core.name_generations).

The shared cache may stop answering (memorial.core.redis_cache). Pages are then drawn
without it, each request under a token of its own, so nothing stored while the token could
not be read is ever shown again. Changes still go through; their renewal is owed and paid
as soon as the cache answers again (memorial.core.renewals).
"""

import functools
from hashlib import sha256
from uuid import uuid4

from django.core.cache import cache
from django.db.models import Max
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)

from . import release
from .name_generations import names_changed
from .privacy import ARCHIVE_STATE_MEMOS, forget_memoised, request_memoised
from .redis_cache import UNSHARED_PREFIX, strict, unshared_token
from .renewals import pay_if_this_process_saw_an_outage, renew

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
    if not pay_if_this_process_saw_an_outage(renew_everything):
        return unshared_token()  # renewals owed: nothing from before may be trusted
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid4().hex, timeout=None)
        value = cache.get(key)
    return value if value is not None else unshared_token()  # None: the cache is away


def public_state(generation: str | None = None) -> str:
    """What the public may see, as a key part: the generation, the day (an embargo lifts
    at midnight without any save) and the release (new templates draw pages anew).
    `generation` when the caller already read it."""
    return _state(generation or archive_generation())


def _state(generation: str, day: str | None = None) -> str:
    day = day or timezone.localdate().isoformat()
    return f"{generation}:{day}:{release.release_fingerprint()}"


def searched_state() -> str:
    """What search may find, as a key part: like public_state(), but kept when only pages
    that search never lists and that hold no other pages change (`reaches_search`), and
    over midnight unless an embargo lifted: search's results show no date."""
    generation = _generation(SEARCHED_GENERATION_KEY)
    return _state(generation, day=last_embargo_lifted(generation))


# (today, generation) → the last day an embargo lifted on its own, for this process.
_embargoes_lifted: dict[tuple, str] = {}


def last_embargo_lifted(generation: str) -> str:
    """The latest embargo date already reached, of the items whose embargo is still
    recorded (lift_embargoes clears it, and renews the generation when it does). Read
    once a day and after each change, per process."""
    from .privacy import access_controlled_models

    today = timezone.localdate()
    if generation.startswith(UNSHARED_PREFIX):
        return today.isoformat()  # nothing found under a one-off token is ever shared
    key = (today, generation)
    found = _embargoes_lifted.get(key)
    if found is None:
        dates = [
            model.objects.filter(embargo_until__lte=today).aggregate(last=Max("embargo_until"))
            for model in access_controlled_models()
        ]
        latest = max((row["last"] for row in dates if row["last"]), default=None)
        found = f"lifted-{latest.isoformat() if latest else 'never'}"
        if len(_embargoes_lifted) > 100:  # one entry per generation seen today
            _embargoes_lifted.clear()
        _embargoes_lifted[key] = found
    return found


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
    renew(lambda: {key: uuid4().hex for key in keys}, timeout=None)
    for key in (*keys, *ARCHIVE_STATE_MEMOS):
        forget_memoised(key)


def renew_everything() -> None:
    """Every token at once; raises when the cache does not answer (for renewals owed)."""
    keys = (GENERATION_KEY, SEARCHED_GENERATION_KEY)
    strict(cache).set_many({key: uuid4().hex for key in keys}, timeout=None)
    for key in keys:
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


def _draft_only(update_fields) -> bool:
    return bool(update_fields) and set(update_fields) <= DRAFT_ONLY_FIELDS


# Fields Wagtail fills in on an image or document when it first reads them: nothing shown.
FILE_METADATA_FIELDS = frozenset({"file_size", "file_hash"})


@functools.cache  # asked on every save of any model
def shown_file_kinds() -> tuple[type, ...]:
    """Files that public pages show or link by name, and the collections whose view
    restrictions decide whether they may (memorial.core.files.private_collections)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtailmedia import get_media_model

    return (get_image_model(), get_document_model(), get_media_model(), Collection)


def shown_file_may_change(update_fields, adding: bool) -> bool:
    # A new upload is on no public page until a page naming it is published, which renews:
    # a family's photograph awaiting moderation leaves every cached page as it is.
    return not adding and not (update_fields and set(update_fields) <= FILE_METADATA_FIELDS)


def _public_may_change(instance, update_fields, adding: bool, deleted: bool) -> bool:
    if isinstance(instance, BaseGenericSetting | BaseSiteSetting):
        # The footer, the contact address, the demo notice: on every page. Settings are
        # created with their defaults the first time a page reads them: nothing changes.
        return not adding
    if isinstance(instance, shown_file_kinds()):
        return deleted or shown_file_may_change(update_fields, adding)
    # A site's address or root page is in every page's links (canonical, sitemap, share).
    public_kinds = Page | PageViewRestriction | CollectionViewRestriction | Site
    if not isinstance(instance, public_kinds) or _draft_only(update_fields):
        return False
    if isinstance(instance, Page) and not instance.live and not deleted:
        # A draft no visitor has seen: new (a family's remembrance awaiting moderation, a
        # proposed name) or never published. Unpublishing was live before its save.
        return not (adding or not getattr(instance, "_was_live", True))
    return True


@receiver(pre_save)
def _remember_whether_it_was_live(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, Page) or instance.live or instance._state.adding:
        return
    if not _draft_only(update_fields):
        instance._was_live = Page.objects.filter(pk=instance.pk, live=True).exists()


@receiver(post_save)
@receiver(post_delete)
def _on_model_change(sender, instance, update_fields=None, created=False, signal=None, **kwargs):
    deleted = signal is post_delete
    if not _public_may_change(instance, update_fields, adding=created, deleted=deleted):
        return
    name_keys = None if deleted else searched_name_keys(instance)
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

    False for the site's settings and for pages of types that declare `reaches_search =
    False`: never searched and holding no pages. Any view restriction counts, to keep this
    simple and safe."""
    if isinstance(instance, BaseGenericSetting | BaseSiteSetting):
        return False
    if not isinstance(instance, Page):
        return True
    model = instance.specific_class or type(instance)
    return getattr(model, "reaches_search", True)
