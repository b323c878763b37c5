"""Profile: the app's CPU time and queries for one uncached public page, by kind.

    make bench-pages                                  # 2,000 imported entries, 200 requests a page
    BENCH_REQUESTS=50 BENCH_REUSE=1 make bench-pages  # keep the database built last time
    BENCH_PROFILE=25 make bench-pages                 # and cProfile's top 25 functions a page

Builds a PostgreSQL database (BENCH_DATABASE_URL, default memorial_pages on the local
server) as `make bench-load` does: the fictional demo and BENCH_ROWS imported entries. Then,
in this process, with memorial.settings.production and Redis (BENCH_REDIS_URL, default
database 13), it asks Django's full handler (every middleware) for each kind of public page
BENCH_REQUESTS times, as an anonymous visitor:

- entry (demo): the demo entry with the most relatives, photographs, sources, names and
  testimonies;
- entry (imported): an entry imported from a CSV row, as most of `make bench-load` asks for;
- home, a gallery, and a search for the commonest surname.

Every request is uncached, as in bench-load's uncached run: the stored pages and the
fragment caches are emptied before each one (what the whole archive shares, such as the
navigation and the archive generation, stays warm). It prints the CPU time
(time.process_time) per request in this process, and the queries one request makes.
"""

import cProfile
import io
import os
import pstats
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.bench_search import holds_entries  # noqa: E402
from tests.bench.common import fresh_database, import_fictional_entries  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/memorial_pages"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
ROWS = int(os.environ.get("BENCH_ROWS", "2000"))
DEMO_ENTRIES = int(os.environ.get("BENCH_DEMO_ENTRIES", "60"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
PROFILE_TOP = int(os.environ.get("BENCH_PROFILE", "0"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
FILES = Path(os.environ.get("BENCH_FILES", Path(tempfile.gettempdir()) / "memorial-pages-files"))
# Keys that hold one page's rendering: stored pages and template fragments.
PAGE_KEY_PATTERNS = ("*:page:*", "*:page-variants:*", "*:template.cache.*", "*:search:[0-9a-f]*")


def production_settings() -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="memorial.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        STATIC_ROOT=str(FILES / "static"),
        MEDIA_ROOT=str(FILES / "media"),
        PRIVATE_FILES_ROOT=str(FILES / "private"),
        TASKS_BACKEND="immediate",
        LOG_LEVEL="WARNING",
    )


def build_archive() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"Loading the fictional demo ({DEMO_ENTRIES} people) …", flush=True)
    call_command("load_demo", entries=DEMO_ENTRIES, verbosity=0)
    if ROWS:
        import_fictional_entries(ROWS)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def richest_demo_entry():
    from django.db.models import Count

    from memorial.core.privacy import public_pages
    from memorial.entries.models import MemorialEntryPage

    entries = public_pages(MemorialEntryPage.objects.filter(identifier__startswith="demo-"))
    return (
        entries.annotate(
            richness=Count("relationships", distinct=True)
            + Count("sources", distinct=True)
            + Count("name_variants", distinct=True)
            + Count("gallery_appearances", distinct=True)
        )
        .order_by("-richness", "path")
        .first()
    )


def targets() -> dict[str, str]:
    from collections import Counter

    from memorial.core.privacy import public_pages
    from memorial.entries.models import MemorialEntryPage
    from memorial.galleries.models import GalleryPage

    entries = public_pages(MemorialEntryPage.objects.all())
    demo = richest_demo_entry()
    imported = entries.exclude(identifier__startswith="demo-").order_by("path").first()
    gallery = public_pages(GalleryPage.objects.all()).order_by("path").first()
    common = Counter(entries.values_list("family_name", flat=True)).most_common(1)[0][0]
    found = {"entry (demo)": demo.url, "home": "/", "gallery": gallery.url}
    if imported is not None:
        found["entry (imported)"] = imported.url
    found["search"] = f"/search/?q={common}"
    return found


def forget_pages(redis) -> None:
    for pattern in PAGE_KEY_PATTERNS:
        keys = list(redis.scan_iter(pattern, count=1000))
        if keys:
            redis.delete(*keys)


def measure(client, redis, path: str) -> tuple[float, int, cProfile.Profile | None]:
    """CPU ms per uncached request, the queries of one, and a profile of them all."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    forget_pages(redis)
    with connection.execute_wrapper(count):
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    profile = cProfile.Profile(time.process_time) if PROFILE_TOP else None
    spent = 0.0
    for _ in range(REQUESTS):
        forget_pages(redis)
        started = time.process_time()
        if profile:
            profile.enable()
        client.get(path)
        if profile:
            profile.disable()
        spent += time.process_time() - started
    return spent / REQUESTS * 1000, len(queries), profile


def main() -> int:
    production_settings()
    reuse = REUSE and holds_entries(DATABASE_URL, ROWS + DEMO_ENTRIES)
    if not reuse:
        fresh_database(DATABASE_URL)
    # Before Django starts here: the static files storage reads its manifest once.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        check=True,
    )
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    if not reuse:
        build_archive()
    import redis as redis_client
    from django.test import Client

    redis = redis_client.Redis.from_url(REDIS_URL)
    redis.flushdb()
    client = Client()
    pages = targets()
    # The first request of all loads templates, translations and URL patterns.
    for path in pages.values():
        client.get(path)
    print(f"\n{REQUESTS} uncached requests a page, CPU of this process (production settings)\n")
    print(f"{'page':18} {'CPU ms':>7} {'queries':>8}  path")
    profiles = {}
    for kind, path in pages.items():
        cpu, queries, profile = measure(client, redis, path)
        profiles[kind] = profile
        print(f"{kind:18} {cpu:7.1f} {queries:8}  {path}", flush=True)
    for kind, profile in profiles.items():
        if profile is None:
            continue
        for order in ("cumulative", "tottime"):
            output = io.StringIO()
            pstats.Stats(profile, stream=output).sort_stats(order).print_stats(PROFILE_TOP)
            print(f"\n=== {kind}, by {order} ===\n{output.getvalue()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
