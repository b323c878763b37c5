"""Search results kept until the public archive changes (memorial.core.changes).

Only ids and counts are kept; the rows shown are read again through `public_pages()`,
so a stale entry can never show a person a visitor may no longer see. The date is part
of the key because an embargo lifts at midnight without any save.

Results about people are also keyed by the generations of the name keys they were found
by (memorial.core.name_generations): editing one person leaves every search that cannot
find them cached.
"""

from collections.abc import Iterable

from memorial.core.changes import cached_while_unchanged, searched_state
from memorial.core.name_generations import names_state

TIMEOUT = 600  # seconds; the generation makes results stale sooner when anything changes


def cached(parts: tuple, compute, name_keys: Iterable[str] | None = None, close_spellings=False):
    """`compute()`, kept while what search may find is unchanged. `name_keys`: the keys
    of the people the result can hold (and `close_spellings` if it holds close spellings
    of them too); None when it does not depend on people."""
    state = searched_state()
    if name_keys is not None:
        state = f"{state}:{names_state(name_keys, close_spellings)}"
    return cached_while_unchanged("search", parts, compute, TIMEOUT, state=state)
