"""Benchmark: the archive's name search against stock Wagtail search, same data, same run.

    make bench-search                      # 100,000 entries
    BENCH_ROWS=1000000 make bench-search   # a million (the import takes a while)

Builds its own PostgreSQL database (BENCH_DATABASE_URL, default memorial_bench on the
local server) with fictional entries whose surnames follow a Zipf-like frequency (the
most common one is borne by about one person in seven), plus fictional testimonies.
Runs a fixed mix of queries through the whole search view (facets, first page,
explanations, testimonies and galleries, query log) and through stock
`Page.objects.live().search()` (count and first page), and prints p50/p95 in ms.

The search keeps ranked ids and counts in the cache (Redis here, as in production:
BENCH_REDIS_URL) until the archive changes, so it is measured three ways:

- "cold" empties the whole cache before every run: nothing was asked or prepared since
  the last change, and the page's other caches (navigation) are empty too;
- "after change" marks the whole archive changed (as a new testimony, a view restriction or
  an import does), lets `prepare_searches` answer the commonest surnames ahead as `make
  serve` does (BENCH_PREPARED_NAMES, default as in production), then asks each query of
  the mix once: the first visitor after such a change;
- "new after change" is the same, but the mix's own queries were never asked before, so
  only the commonest surnames are prepared: a visitor's own spelling, asked for the first
  time since the change;
- "after edit" publishes an edit of one person picked at random (the commonest kind of
  change: it makes stale only the searches that can find that person), prepares as above,
  then asks each query once;
- "warm" asks a query again, as common surnames are.
"""

import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.common import (  # noqa: E402
    DEFAULT_URL,
    fresh_database,
    import_fictional_entries,
    p50_p95,
    setup_django,
)

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "15"))
CHANGES = int(os.environ.get("BENCH_CHANGES", "5"))  # "after change" rounds
# BENCH_REUSE=1 keeps a bench database that already holds BENCH_ROWS entries (to iterate).
REUSE = os.environ.get("BENCH_REUSE") == "1"
TESTIMONIES = 150
PREPARED_NAMES = int(os.environ.get("BENCH_PREPARED_NAMES", "20"))
# The searches asked most are prepared too, as in production: the mix's own queries, once
# asked in the warm-up. BENCH_PREPARED_POPULAR=0 measures them unprepared after a change.
PREPARED_POPULAR = int(os.environ.get("BENCH_PREPARED_POPULAR", "50"))


def build_archive():
    from home.models import HomePage
    from memorial.testimonies.models import TestimonyIndexPage, TestimonyPage, TranscriptSegment
    from tests.bench.fictional_rows import fictional_records

    import_fictional_entries(ROWS)
    home = HomePage.objects.get()

    families = Counter(record["family_name"] for record in fictional_records(ROWS))
    print(f"Adding {TESTIMONIES} fictional testimonies …", flush=True)
    index = home.add_child(instance=TestimonyIndexPage(title="Testimonies", slug="testimonies"))
    for number, (family, _count) in enumerate(families.most_common(TESTIMONIES)):
        page = TestimonyPage(
            title=f"Fictional account {number}",
            slug=f"account-{number}",
            narrator=f"Narrator {number}",
            summary="<p>A fictional account, generated for the benchmark.</p>",
        )
        page.segments = [
            TranscriptSegment(start_seconds=60 * minute, text=f"I remember the {family} family.")
            for minute in range(5)
        ]
        index.add_child(instance=page)
    return families


def query_mix(families: Counter) -> dict[str, str]:
    from memorial.core.matching.transliteration import romanisations

    ranked = [family for family, _count in families.most_common()]
    common = ranked[0]
    non_latin = next(name for name in ranked if not name.isascii() and romanisations(name))
    typo_base = romanisations(ranked[5])[0]
    return {
        "common surname": common,
        "rare surname": ranked[-1],
        "variant spelling": romanisations(non_latin)[0].capitalize(),
        "typo": typo_base[:2] + typo_base[3] + typo_base[2] + typo_base[4:],
        "no match": "Zyxwvutsrq",
        "multi-word": f"{ranked[3]} {ranked[1]}",
    }


def holds_entries(url: str, rows: int) -> bool:
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            found = connection.execute("SELECT COUNT(*) FROM entries_memorialentrypage")
            return found.fetchone()[0] >= rows
    except psycopg.Error:
        return False


def timed(function, repeats: int) -> list[float]:
    for _ in range(2):
        function()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def cell(times: list[float]) -> str:
    p50, p95 = p50_p95(times)
    return f" {p50:20.1f} {p95:6.1f}"


def first_asks_after_changes(
    queries, ours, mark_archive_changed, prepare_common_searches, popular=PREPARED_POPULAR
):
    """{label: [ms]}: each query asked once after each change, once the commonest surnames'
    searches (and the `popular` searches asked most) were prepared; and the preparation
    times in ms."""
    asked = {label: [] for label in queries}
    preparing = []
    for _change in range(CHANGES):
        mark_archive_changed()
        started = time.perf_counter()
        prepare_common_searches(PREPARED_NAMES, popular=popular)
        preparing.append((time.perf_counter() - started) * 1000)
        for label, q in queries.items():
            started = time.perf_counter()
            ours(q)()
            asked[label].append((time.perf_counter() - started) * 1000)
    return asked, preparing


def first_asks_after_edits(queries, ours, prepare_common_searches):
    """{label: [ms]}: each query asked once after each publish of one random person's edit."""
    import random

    from memorial.entries.models import MemorialEntryPage

    chosen = random.Random(7)
    ids = list(MemorialEntryPage.objects.values_list("pk", flat=True))
    asked = {label: [] for label in queries}
    for change in range(CHANGES):
        entry = MemorialEntryPage.objects.get(pk=chosen.choice(ids))
        entry.occupation = f"Fictional occupation {change}"
        entry.save_revision().publish()
        prepare_common_searches(PREPARED_NAMES, popular=PREPARED_POPULAR)
        for label, q in queries.items():
            started = time.perf_counter()
            ours(q)()
            asked[label].append((time.perf_counter() - started) * 1000)
    return asked


def main():
    os.environ["REDIS_URL"] = REDIS_URL
    if not (REUSE and holds_entries(DATABASE_URL, ROWS)):
        fresh_database(DATABASE_URL)
    setup_django(DATABASE_URL)
    from django.core.cache import cache
    from django.db import connection
    from django.test import RequestFactory
    from wagtail.models import Page

    from memorial.core.changes import mark_archive_changed
    from memorial.core.privacy import request_scope
    from memorial.entries.models import MemorialEntryPage
    from search.prepared import prepare_common_searches
    from search.views import search, suggestions
    from tests.bench.fictional_rows import fictional_records

    if MemorialEntryPage.objects.count() >= ROWS:
        print(f"Reusing the {ROWS:,} entries already in the bench database.", flush=True)
        families = Counter(record["family_name"] for record in fictional_records(ROWS))
    else:
        families = build_archive()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    queries = query_mix(families)
    factory = RequestFactory()

    def ours(q, cold=False):
        def run():
            if cold:
                cache.clear()
            with request_scope():  # as PrivacyScopeMiddleware does for each request
                search(factory.get("/search/", {"q": q})).render()

        return run

    def stock(q):
        def run():
            results = Page.objects.live().search(q)
            results.count()
            list(results[:20])

        return run

    def suggest(q):
        return lambda: suggestions(factory.get("/search/suggest/", {"q": q}))

    for q in queries.values():  # the process's first render compiles the templates
        ours(q)()
    after_change, preparing = first_asks_after_changes(
        queries, ours, mark_archive_changed, prepare_common_searches
    )
    new_after_change, _preparing = first_asks_after_changes(
        queries, ours, mark_archive_changed, prepare_common_searches, popular=0
    )
    after_edit = first_asks_after_edits(queries, ours, prepare_common_searches)
    print(
        f"\n{ROWS:,} entries, PostgreSQL, Redis cache; each query {REPEATS}× after 2 warm-ups "
        f"(after change, after edit: once after each of {CHANGES} changes); ms\n"
    )
    columns = ("cold", "after change", "new after change", "after edit", "warm", "stock")
    print(
        f"{'query':18} {'text':22} {'people':>7}"
        + "".join(f" {c + ' p50':>20} {'p95':>6}" for c in columns)
    )
    mix = {name: [] for name in columns}
    for label, q in queries.items():
        response = search(factory.get("/search/", {"q": q}))
        people = response.context_data["counts"]["entry"]
        runs = {
            "cold": timed(ours(q, cold=True), REPEATS),
            "after change": after_change[label],
            "new after change": new_after_change[label],
            "after edit": after_edit[label],
            "warm": timed(ours(q), REPEATS),
            "stock": timed(stock(q), REPEATS),
        }
        row = f"{label:18} {q[:22]:22} {people:7,}"
        for name, times in runs.items():
            mix[name] += times
            row += cell(times)
        print(row)
    row = f"{'whole mix':18} {'':22} {'':7}"
    for times in mix.values():
        row += cell(times)
    print(row)
    p50, p95 = p50_p95(preparing)
    print(
        f"\npreparing the {PREPARED_NAMES} commonest surnames' searches and the "
        f"{PREPARED_POPULAR} asked most after a change (in the background, manage.py "
        f"prepare_searches): p50 {p50 / 1000:.1f} s, p95 {p95 / 1000:.1f} s"
    )

    prefixes = [queries["common surname"][:2], queries["common surname"][:3], "Zy", "Пе"]
    suggest_times = [t for prefix in prefixes for t in timed(suggest(prefix), REPEATS)]
    s50, s95 = p50_p95(suggest_times)
    print(f"\nsuggestions ({', '.join(prefixes)}): p50 {s50:.1f} ms, p95 {s95:.1f} ms")
    print(f"target: p95 ≤ {'50' if ROWS <= 100_000 else '150'} ms for the whole mix")
    return 0


if __name__ == "__main__":
    sys.exit(main())
