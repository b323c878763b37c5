"""Benchmark: bulk import against Wagtail's add_child loop, same data, same run.

    make bench-import                      # 100,000 rows, 500-row add_child sample
    BENCH_ROWS=20000 BENCH_SAMPLE=300 make bench-import

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default memorial_bench on the
local server), dropped and created afresh. Prints entries/s for both and their ratio.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.common import DEFAULT_URL, fresh_database, setup_django  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
SAMPLE = int(os.environ.get("BENCH_SAMPLE", "500"))


def main():
    fresh_database(DATABASE_URL)
    setup_django(DATABASE_URL)  # immediate tasks: add_child indexes as it goes, as in production

    from home.models import HomePage
    from memorial.entries.models import MemorialEntryPage, MemorialIndexPage
    from memorial.records.ingest import EntryImporter
    from tests.bench.fictional_rows import fictional_records, write_csv

    home = HomePage.objects.get()
    home.add_child(instance=MemorialIndexPage(title="Bench", slug="bench"))
    loop_parent = home.add_child(instance=MemorialIndexPage(title="Loop", slug="loop"))

    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "rows.csv", fictional_records(ROWS, collection="bench"))
        print(f"Importing {ROWS:,} fictional rows into PostgreSQL …", flush=True)
        started = time.monotonic()
        report = EntryImporter(path, batch_size=1000).run()
        import_seconds = time.monotonic() - started
    assert report.error_count == 0 and report.created == ROWS, report.as_dict()
    import_rate = ROWS / import_seconds

    print(f"add_child loop on a sample of {SAMPLE:,} rows …", flush=True)
    from memorial.records.ingest.parsing import parse_row

    rows = [
        parse_row({**record, "collection": "loop"}, "", {"loop"})
        for record in fictional_records(SAMPLE, prefix="loop")
    ]
    started = time.monotonic()
    for data in rows:
        entry = MemorialEntryPage(
            identifier=data.identifier,
            given_name=data.given_name,
            family_name=data.family_name,
            sex=data.sex,
            birth_date=data.birth_date,
            birth_date_precision=data.birth_date_precision,
            death_date=data.death_date,
            death_date_precision=data.death_date_precision,
            occupation=data.occupation,
            slug=f"loop-{data.identifier}",
        )
        loop_parent.add_child(instance=entry)
        loop_parent.refresh_from_db()
    loop_rate = SAMPLE / (time.monotonic() - started)

    from wagtail.models import Page

    problems = [problem for group in Page.find_problems() for problem in group]
    print()
    print(
        f"bulk import      : {import_rate:8,.0f} entries/s  ({ROWS:,} rows, {import_seconds:.1f} s:"
    )
    print("                   validation, pages, names, sources, places, search index)")
    print(f"add_child loop   : {loop_rate:8,.0f} entries/s  ({SAMPLE:,} rows, indexed as it goes)")
    print(f"ratio            : {import_rate / loop_rate:8.1f}x")
    print(f"tree problems    : {len(problems)}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
