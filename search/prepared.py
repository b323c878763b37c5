"""Searches for the archive's commonest surnames, prepared ahead after each change.

A change makes cached results stale (memorial.core.changes): every result after most
changes, the results of the searches that can find a person after a change to that person
(memorial.core.name_generations). Counting the facets of a surname thousands of people
share is the slowest search there is: the first family to ask after a change would wait
for it. `manage.py prepare_searches` (run beside
the task worker by `make serve`) answers those searches in the background whenever what
search may find has changed, so they are already in the cache when a visitor asks.

The searches visitors asked most in the last week (the anonymous query log, search.
promotions) are prepared with them: after a change, after midnight (an embargo may lift)
or after a deploy, the searches people actually make are answered from the cache again
within seconds.

What is prepared is exactly what the search view reads from the cache for a first page
without filters: the people's facets and first page, and the testimony and gallery
previews. It goes through the same privacy-aware queries, keyed by the same public state,
so a prepared result is never shown after the change that made it stale.
"""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from memorial.core.changes import searched_state
from memorial.core.matching.transliteration import romanisations
from memorial.core.name_generations import names_state
from memorial.core.privacy import public_pages, request_scope
from memorial.entries.models import MemorialEntryPage

from .queries import PREVIEWS_PER_KIND, SearchQuery

PREPARED_STATE_KEY = "search:prepared-for"
PREPARED_NAMES_KEY = "search:prepared-names"
SPELLINGS_PER_NAME = 3  # the archive's spelling and its first romanisations
POPULAR_DAYS = 7


@dataclass
class Preparation:
    state: str
    searches: int
    seconds: float


def commonest_family_names(limit: int) -> list[str]:
    """The family names most public entries bear, most frequent first."""
    entries = public_pages(MemorialEntryPage.objects.all()).exclude(family_name="")
    rows = (
        entries.order_by()
        .values("family_name")
        .annotate(people=Count("pk"))
        .order_by("-people", "family_name")[:limit]
    )
    return [row["family_name"] for row in rows]


def searches_for(names: list[str]) -> list[str]:
    """Each name as the archive spells it, then as a visitor may type it in Latin letters."""
    texts: dict[str, None] = {}
    for name in names:
        spellings = [name.casefold(), *romanisations(name)]
        texts.update(dict.fromkeys(spellings[:SPELLINGS_PER_NAME]))
    return list(texts)


def popular_searches(limit: int) -> list[str]:
    """The words visitors searched for most often in the last POPULAR_DAYS days."""
    if limit <= 0:
        return []
    since = timezone.now().date() - timedelta(days=POPULAR_DAYS)
    popular = Query.get_most_popular(date_since=since)
    return list(popular.values_list("query_string", flat=True)[:limit])


def prepare(text: str) -> None:
    """Fill the cache with what the search view reads for `text`'s first page."""
    query = SearchQuery.from_params({"q": text})
    if not query:
        return
    query.first_window  # noqa: B018 (computed and cached)
    for kind in ("testimony", "gallery"):
        query.text_matches(kind, PREVIEWS_PER_KIND)


def texts_to_prepare(names: int, state: str) -> list[str]:
    """The searches for the `names` commonest surnames, counted again only after a change
    that renews every result (counting them reads every public entry)."""
    remembered = cache.get(PREPARED_NAMES_KEY)
    if remembered and remembered[0] == (state, names):
        return remembered[1]
    texts = searches_for(commonest_family_names(names))
    cache.set(PREPARED_NAMES_KEY, ((state, names), texts), timeout=None)
    return texts


def prepared_state(texts: list[str]) -> str:
    """What the prepared results depend on: the searched state and their name keys."""
    terms = [term for text in texts for term in SearchQuery.from_params({"q": text}).name_terms]
    keys = {key for term in terms for key in term.key_strings()}
    return f"{searched_state()}:{names_state(keys, any(term.fuzzy for term in terms))}"


def prepare_common_searches(
    names: int, force: bool = False, popular: int = 0
) -> Preparation | None:
    """Prepare the searches for the `names` commonest surnames and the `popular` searches
    asked most, unless that was already done since the last change that could alter them.
    Returns what was done, or None."""
    with request_scope():
        texts = texts_to_prepare(names, searched_state()) if names > 0 else []
        texts += [text for text in popular_searches(popular) if text not in texts]
        state = prepared_state(texts)
        if not force and cache.get(PREPARED_STATE_KEY) == state:
            return None
        started = time.monotonic()
        for text in texts:
            prepare(text)  # a search still in the cache is only read
    # Recorded for the state read before preparing: if the archive changed meanwhile,
    # the next round sees a new state and prepares again.
    cache.set(PREPARED_STATE_KEY, state, timeout=None)
    return Preparation(state, len(texts), time.monotonic() - started)
