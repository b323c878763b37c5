"""Tokens that let a change to one person leave other people's search results cached.

A cached name search can only hold people who share one of its name keys (a spelling or
sound code, memorial.core.matching.keys), or who are close spellings of it. So each name
key has a generation of its own, and a search's results are kept under the generations
of its keys, with the searched state (memorial.core.changes) beside them. Publishing,
editing or unpublishing a person renews the generations of that person's keys, before and
after the change, and the close-spelling generation; every other search stays cached.
Anything else search can see (a testimony, a gallery, a collection, a view restriction,
an import) still renews the searched state, and with it every result.

A generation nobody has read yet is created at random, never assumed, so a result can
only be found again under the generations it was computed with. Generations outlive
every result kept under them (GENERATION_SECONDS).
"""

from collections.abc import Iterable
from hashlib import sha256
from uuid import uuid4

from django.core.cache import cache

from .redis_cache import unshared_token
from .renewals import renew

PREFIX = "search:name-generation:"
CLOSE_SPELLINGS_KEY = "search:name-generation:close-spellings"
GENERATION_SECONDS = 24 * 60 * 60


def _cache_key(name_key: str) -> str:
    return PREFIX + sha256(name_key.encode()).hexdigest()[:32]


def names_state(name_keys: Iterable[str], close_spellings: bool = False) -> str:
    """The generations of these name keys (and of close spellings, if the search looks
    for them), as one key part."""
    wanted = sorted({_cache_key(key) for key in name_keys})
    if close_spellings:
        wanted.append(CLOSE_SPELLINGS_KEY)
    found = cache.get_many(wanted)
    missing = [key for key in wanted if key not in found]
    for key in missing:
        cache.add(key, uuid4().hex, GENERATION_SECONDS)  # another process may be first
    if missing:
        found.update(cache.get_many(missing))
    parts = [found.get(key) or unshared_token() for key in wanted]
    return sha256("|".join(parts).encode()).hexdigest()[:32]


def names_changed(name_keys: Iterable[str]) -> None:
    """People bearing these name keys changed: every result that could hold them is stale
    (if the cache does not answer, every result is, once it does: memorial.core.renewals)."""
    keys = {_cache_key(key) for key in set(name_keys)} | {CLOSE_SPELLINGS_KEY}
    renew(lambda: {key: uuid4().hex for key in keys}, GENERATION_SECONDS)
