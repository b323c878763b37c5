"""What the benchmarks share: a fresh PostgreSQL database and Django set up against it."""

import os
import statistics
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
