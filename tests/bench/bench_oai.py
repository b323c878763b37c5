"""Benchmark: one OAI-PMH harvest page at 100,000 entries (BENCH_ROWS=…).

    make bench-oai
    BENCH_REUSE=1 make bench-oai   # keep the data, measure again

Builds its own PostgreSQL database (BENCH_DATABASE_URL, default memorial_oai_bench on the
local server; not the search bench's, which it would replace): fictional entries imported
in one collection, every one of them already in the harvest ledger (a harvester has copied
the archive) and one in a hundred dated again since (a place it names renamed). Prints
p50/p95 in ms of whole requests (first page, `from` page, a collection's set, a resumed
page), then EXPLAIN ANALYZE of the entries' queries (page and count) of a first page and of
a `from` page.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.common import (  # noqa: E402
    fresh_database,
    import_fictional_entries,
    p50_p95,
    setup_django,
)

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/memorial_oai_bench"
)
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "15"))
REUSE = os.environ.get("BENCH_REUSE") == "1"


def build():
    from django.db import connection

    from memorial.entries.models import MemorialEntryPage
    from memorial.records.oai.renamings import date_changed_records

    import_fictional_entries(ROWS)
    with connection.cursor() as cursor:  # a harvester has copied every entry
        cursor.execute(
            "INSERT INTO records_harvestedrecord (kind, page_id, local_id, collection) "
            "SELECT 'entry', page_ptr_id, identifier, 'bench' FROM entries_memorialentrypage"
        )
    ids = MemorialEntryPage.objects.order_by("pk").values_list("pk", flat=True)[::100]
    date_changed_records({"entry": list(ids)})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(client, params) -> list[float]:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get("/oai/", params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and b"<error" not in response.content, params
    return times


def explain(run) -> str:
    """EXPLAIN ANALYZE of each query `run` asks of the entries table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run()
    found = []
    for query in queries.captured_queries:
        if "entries_memorialentrypage" not in query["sql"]:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        found.append(f"{query['sql'][:300]}…\n{plan}")
    return "\n\n".join(found)


def main():
    if not REUSE:
        fresh_database(DATABASE_URL)
    setup_django(DATABASE_URL)
    from django.test import Client
    from lxml import etree

    from memorial.entries.models import MemorialEntryPage
    from memorial.records.oai import repository

    if not REUSE or not MemorialEntryPage.objects.exists():
        build()
    count = MemorialEntryPage.objects.count()
    middle = MemorialEntryPage.objects.order_by("pk")[count // 2]
    since = (middle.last_published_at or middle.first_published_at).strftime("%Y-%m-%dT%H:%M:%SZ")
    client = Client()
    base = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}
    first = client.get("/oai/", base)  # brings the ledger up to date once
    ns = {"oai": "http://www.openarchives.org/OAI/2.0/"}
    token = etree.fromstring(first.content).findtext(".//oai:resumptionToken", namespaces=ns)
    cases = {
        "first page": base,
        f"from={since}": {**base, "from": since},
        "set=entries:bench": {**base, "set": "entries:bench"},
        "resumed page": {"verb": "ListIdentifiers", "resumptionToken": token},
    }
    print(f"{count:,} entries; ListIdentifiers, {REPEATS} requests each, ms:")
    for name, params in cases.items():
        p50, p95 = p50_p95(timed(client, params))
        print(f"  {name:32} p50 {p50:7.1f}  p95 {p95:7.1f}")
    start = middle.last_published_at or middle.first_published_at
    for name, query in (
        ("first page", repository.Query()),
        ("from page", repository.Query(start=start)),
    ):
        print(f"\nThe entries' queries of a {name} (page, then count):")
        print(explain(lambda q=query: (q.page(None, 100), q.count())))


if __name__ == "__main__":
    main()
