"""Search results kept until the public archive changes (memorial.core.changes).

Only ids and counts are kept; the rows shown are read again through `public_pages()`,
so a stale entry can never show a person a visitor may no longer see. The date is part
of the key because an embargo lifts at midnight without any save.
"""

from memorial.core.changes import cached_while_unchanged, searched_state

TIMEOUT = 600  # seconds; the generation makes results stale sooner when anything changes


def cached(parts: tuple, compute):
    return cached_while_unchanged("search", parts, compute, TIMEOUT, state=searched_state())
