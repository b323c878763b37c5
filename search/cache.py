"""Search results kept until the public archive changes (memorial.core.changes).

Only ids and counts are kept; the rows shown are read again through `public_pages()`,
so a stale entry can never show a person a visitor may no longer see. The date is part
of the key because an embargo lifts at midnight without any save.
"""

from hashlib import sha256

from django.core.cache import cache
from django.utils import timezone

from memorial.core.changes import archive_generation

TIMEOUT = 600  # seconds; the generation makes results stale sooner when anything changes


def cached(parts: tuple, compute):
    digest = sha256(repr((archive_generation(), timezone.localdate(), parts)).encode())
    key = f"search:{digest.hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found
