"""Benchmark: publishing one entry at 100,000 entries, against stock modelsearch's index.

    make bench-publish                    # reuses the search bench's database when it holds
    BENCH_ROWS=20000 make bench-publish   # … or builds one of this size

Wagtail's PostgreSQL search backend renormalised every index row's title weight after
indexing a single page (two scans of the whole index); memorial.core.search_backend
normalises the page's own rows. This publishes BENCH_REPEATS random entries (a one-space
edit of the occupation) with stock modelsearch's index and then with the archive's, on the
same database in the same run, and prints p50/p95 in ms and the whole-index scans seen.
Uses BENCH_DATABASE_URL (default: the search bench's memorial_bench), built if it holds
fewer than BENCH_ROWS entries.
"""

import os
import sys
import time
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
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "10"))


def whole_index_scans(queries) -> int:
    return sum(
        "AVG(" in sql or ('SET "title_norm"' in sql and '"object_id" IN' not in sql)
        for sql in (query["sql"] for query in queries)
    )


def publish_some(label: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from memorial.entries.models import MemorialEntryPage

    times, scans = [], []
    for entry in MemorialEntryPage.objects.order_by("?")[:REPEATS]:
        entry.occupation = (entry.occupation or "") + " "
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            entry.save_revision().publish()
            times.append((time.perf_counter() - started) * 1000)
        scans.append(whole_index_scans(queries.captured_queries))
    p50, p95 = p50_p95(times)
    print(f"{label:<28} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   whole-index scans {scans}")


def main():
    from tests.bench.bench_search import holds_entries

    if not holds_entries(DATABASE_URL, ROWS):
        fresh_database(DATABASE_URL)
        setup_django(DATABASE_URL)
        import_fictional_entries(ROWS)
    else:
        setup_django(DATABASE_URL)
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    from memorial.core.search_backend import NewRowsNormalisedIndex

    print(f"Publishing {REPEATS} random entries of {ROWS:,}, one at a time:")
    ours = NewRowsNormalisedIndex.add_items, NewRowsNormalisedIndex._refresh_title_norms
    NewRowsNormalisedIndex.add_items = PostgresIndex.add_items
    NewRowsNormalisedIndex._refresh_title_norms = PostgresIndex._refresh_title_norms
    publish_some("stock modelsearch index")
    NewRowsNormalisedIndex.add_items, NewRowsNormalisedIndex._refresh_title_norms = ours
    publish_some("this archive's index")


if __name__ == "__main__":
    main()
