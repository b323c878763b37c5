"""What the benchmarks share: a fresh PostgreSQL database and Django set up against it."""

import os
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/memorial_bench"


def fresh_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str, tasks_backend: str = "immediate") -> None:
    """Django on the bench database with development settings, migrated, quiet.

    DEBUG is off, as in production: with it on, Django keeps every query it runs.
    """
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "memorial.settings.dev"
    os.environ["TASKS_BACKEND"] = tasks_backend
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile, in the values' unit."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def p50_p95(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), percentile(values, 0.95)


def import_fictional_entries(rows: int) -> None:
    """A "Bench" collection under the home page holding `rows` fictional entries, imported
    through the archive's own bulk importer, as an archivist's CSV would be."""
    from home.models import HomePage
    from memorial.entries.models import MemorialIndexPage
    from memorial.records.ingest import EntryImporter
    from tests.bench.fictional_rows import fictional_records, write_csv

    home = HomePage.objects.get()
    home.add_child(instance=MemorialIndexPage(title="Bench", slug="bench"))
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "rows.csv", fictional_records(rows, collection="bench"))
        print(f"Importing {rows:,} fictional entries …", flush=True)
        started = time.monotonic()
        report = EntryImporter(path, batch_size=2000).run()
        print(f"  {report.created:,} entries in {time.monotonic() - started:.0f} s", flush=True)
    if report.created != rows:
        raise SystemExit(f"The import created {report.created:,} of {rows:,} entries: {report}")
