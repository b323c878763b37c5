"""Benchmark: the production configuration under load, against a static copy of a page.

    make bench-load                                   # 100,000 entries, 16 users, 30 s a run
    BENCH_ROWS=5000 BENCH_SECONDS=10 make bench-load  # a quick look
    BENCH_REUSE=1 make bench-load                     # keep the database built last time

Builds a PostgreSQL database (BENCH_DATABASE_URL, default memorial_load on the local server)
with the fictional demo (`manage.py load_demo`: home, collections, testimonies, galleries)
and BENCH_ROWS fictional entries imported the way an archivist would. Then it starts what
production runs -- gunicorn with memorial.settings.production, PostgreSQL, Redis
(BENCH_REDIS_URL, default database 14), static files collected and served by whitenoise --
on 127.0.0.1 only, and drives it with locust in a separate process (BENCH_USERS users
always waiting for an answer, BENCH_SECONDS per run):

- mix, uncached: home, entry pages, searches, suggestions, a gallery, after FLUSHDB;
- mix, cached: the same again, after every target was asked for once (warm-up), so the
  shared cache holds the public pages anonymous visitors get (memorial.core.page_cache);
- entries, cached: entry pages only;
- ceiling: one entry page's saved HTML served as a static file by whitenoise under gunicorn,
  the fastest this machine could answer with a page of that size.

It prints requests/s, p50/p95/p99 and errors per kind, and the targets: entry pages
(cached) at least half the ceiling's requests/s, p95 at most 100 ms uncached, no errors.
Nothing is sent anywhere but 127.0.0.1, and every run stops by itself.
"""

import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.bench_search import holds_entries  # noqa: E402
from tests.bench.common import (  # noqa: E402
    fresh_database,
    import_fictional_entries,
    setup_django,
)

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/memorial_load"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
DEMO_ENTRIES = int(os.environ.get("BENCH_DEMO_ENTRIES", "60"))
USERS = int(os.environ.get("BENCH_USERS", "16"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
APP_PORT = int(os.environ.get("BENCH_PORT", "8731"))
CEILING_PORT = APP_PORT + 1
REUSE = os.environ.get("BENCH_REUSE") == "1"
ENTRY_SAMPLE = 2000  # entry pages asked for, at random: far more than a run can cache warm
# Media of the bench archive: outside the checkout, kept for BENCH_REUSE=1.
MEDIA = Path(tempfile.gettempdir()) / "memorial-load-media"
VENV_BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).with_name("locustfile.py")

TARGET_P95_MS = 100
TARGET_CEILING_SHARE = 0.5


# --- The archive -------------------------------------------------------------------------


def build_archive() -> None:
    from django.core.management import call_command

    print(f"Loading the fictional demo ({DEMO_ENTRIES} people) …", flush=True)
    call_command("load_demo", entries=DEMO_ENTRIES, verbosity=0)
    import_fictional_entries(ROWS)


def choose_targets(folder: Path) -> dict:
    """The paths locust asks for: random public entries, names in every frequency, a gallery."""
    from memorial.core.privacy import public_pages
    from memorial.entries.models import MemorialEntryPage
    from memorial.galleries.models import GalleryPage
    from tests.bench.fictional_rows import fictional_records

    entries = public_pages(MemorialEntryPage.objects.all()).only("pk", "url_path")
    entry_paths = [quote(entry.url) for entry in entries.order_by("?")[:ENTRY_SAMPLE]]
    frequency = Counter(record["family_name"] for record in fictional_records(ROWS))
    ranked = [name for name, _count in frequency.most_common()]
    names = ranked[:5] + ranked[len(ranked) // 2 : len(ranked) // 2 + 5] + ranked[-5:]
    names += [f"{ranked[1]} {ranked[3]}", "Zyxwvutsrq"]
    gallery = public_pages(GalleryPage.objects.all()).order_by("path").first()
    if not entry_paths or gallery is None:
        raise SystemExit("The bench archive has no public entry or gallery: rebuild it.")
    targets = {
        "entries": entry_paths,
        "searches": [f"/search/?q={quote(name)}" for name in names],
        "suggestions": [f"/search/suggest/?q={quote(name[:3])}" for name in names[:-1]],
        "gallery": quote(gallery.url),
        "ceiling_path": "/ceiling/entry/",
    }
    (folder / "targets.json").write_text(json.dumps(targets, ensure_ascii=False))
    return targets


# --- Servers -----------------------------------------------------------------------------


def production_environment(static_root: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "memorial.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(MEDIA / "media"),
        "PRIVATE_FILES_ROOT": str(MEDIA / "private"),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def gunicorn(app: str, port: int, environment: dict, log: Path) -> subprocess.Popen:
    command = [
        str(VENV_BIN / "gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--chdir",
        str(ROOT),
        "--backlog",
        "256",
    ]
    with log.open("w") as output:
        return subprocess.Popen(
            command, env=environment, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT
        )


def wait_for(url: str, server: subprocess.Popen, log: Path, seconds: int = 90) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped (exit {server.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"No answer from {url} in {seconds} s:\n{log.read_text()}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


_ceiling = None


def ceiling_app(environ, start_response):
    """WSGI app for the ceiling: WhiteNoise over BENCH_CEILING_ROOT, nothing else."""
    global _ceiling
    if _ceiling is None:
        from whitenoise import WhiteNoise

        def not_found(environ, start_response):
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not found"]

        _ceiling = WhiteNoise(not_found, root=os.environ["BENCH_CEILING_ROOT"], index_file=True)
    return _ceiling(environ, start_response)


# --- Runs --------------------------------------------------------------------------------


def locust(user_class: str, host: str, folder: Path, label: str) -> dict[str, dict]:
    """Run locust headless in its own process; per-kind statistics from its CSV."""
    prefix = folder / label.replace(" ", "_").replace(",", "")
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(LOCUSTFILE),
        user_class,
        "--headless",
        "-u",
        str(USERS),
        "-r",
        str(USERS),
        "-t",
        f"{SECONDS}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
    ]
    environment = {**os.environ, "BENCH_TARGETS": str(folder / "targets.json")}
    print(f"  {label}: {USERS} users for {SECONDS} s …", flush=True)
    finished = subprocess.run(
        command, env=environment, cwd=ROOT, capture_output=True, text=True, timeout=SECONDS + 120
    )
    if finished.returncode != 0:
        raise SystemExit(f"locust failed ({finished.returncode}):\n{finished.stderr[-3000:]}")
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        rows = {row["Name"]: row for row in csv.DictReader(file)}
    with open(f"{prefix}_failures.csv", encoding="utf-8") as file:
        failures = [(row["Name"], row["Error"], row["Occurrences"]) for row in csv.DictReader(file)]
    for name, error, count in failures:
        print(f"    errors: {count}× {name}: {error[:200]}")
    return rows


def warm_up(host: str, targets: dict) -> None:
    """Ask for every target once, a few at a time, as the first visitors of the day would."""
    paths = [*targets["entries"], *targets["searches"], *targets["suggestions"]]
    paths += ["/", targets["gallery"]]
    started = time.perf_counter()

    def fetch(path):
        with urllib.request.urlopen(host + path, timeout=120) as response:
            response.read()

    with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
        list(pool.map(fetch, paths))
    seconds = time.perf_counter() - started
    print(f"  warm-up: {len(paths):,} pages asked for once in {seconds:.0f} s", flush=True)


def flush_cache() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def report(results: dict[str, dict[str, dict]]) -> bool:
    print(f"\n{ROWS:,} entries; gunicorn {WORKERS} workers; {USERS} users, {SECONDS} s per run\n")
    header = f"{'run':18} {'kind':20} {'requests':>9} {'req/s':>8} {'p50':>6} {'p95':>6} "
    print(header + f"{'p99':>6} {'errors':>7}   (ms)")
    for run, rows in results.items():
        for name, row in rows.items():
            kind = "all" if name == "Aggregated" else name
            print(
                f"{run:18} {kind:20} {int(row['Request Count']):9,} "
                f"{float(row['Requests/s']):8.1f} {row['50%']:>6} {row['95%']:>6} "
                f"{row['99%']:>6} {int(row['Failure Count']):7}"
            )
    ceiling = float(results["ceiling"]["Aggregated"]["Requests/s"])
    entries = float(results["entries, cached"]["Aggregated"]["Requests/s"])
    uncached = results["mix, uncached"]
    p95 = {name: float(row["95%"]) for name, row in uncached.items()}
    errors = sum(int(rows["Aggregated"]["Failure Count"]) for rows in results.values())
    checks = [
        (
            f"entry pages (cached) ≥ {TARGET_CEILING_SHARE:.0%} of the ceiling's requests/s",
            entries >= TARGET_CEILING_SHARE * ceiling,
            f"{entries:.1f} / {ceiling:.1f} = {entries / ceiling:.0%}" if ceiling else "no ceiling",
        ),
        (
            f"p95 ≤ {TARGET_P95_MS} ms uncached at {USERS} clients (all kinds)",
            p95["Aggregated"] <= TARGET_P95_MS,
            ", ".join(f"{'all' if k == 'Aggregated' else k} {v:.0f}" for k, v in p95.items()),
        ),
        ("no errors in any run", errors == 0, f"{errors} errors"),
    ]
    print("\nTargets:")
    for text, met, value in checks:
        print(f"  [{'met' if met else 'MISSED'}] {text}: {value}")
    return all(met for _text, met, _value in checks)


def main() -> int:
    os.environ["REDIS_URL"] = REDIS_URL
    os.environ["MEDIA_ROOT"] = str(MEDIA / "media")
    os.environ["PRIVATE_FILES_ROOT"] = str(MEDIA / "private")
    reuse = REUSE and holds_entries(DATABASE_URL, ROWS + DEMO_ENTRIES)
    if not reuse:
        fresh_database(DATABASE_URL)
    setup_django(DATABASE_URL)
    from django.db import connection

    if reuse:
        print(f"Reusing the bench database ({ROWS:,} imported entries).", flush=True)
    else:
        build_archive()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    with tempfile.TemporaryDirectory(prefix="memorial-load-") as name:
        folder = Path(name)
        targets = choose_targets(folder)
        connection.close()
        environment = production_environment(folder / "static")
        print("Collecting static files …", flush=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            env=environment,
            cwd=ROOT,
            check=True,
        )
        app_log, ceiling_log = folder / "gunicorn-app.log", folder / "gunicorn-ceiling.log"
        app = gunicorn("memorial.wsgi:application", APP_PORT, environment, app_log)
        ceiling = None
        try:
            host = f"http://127.0.0.1:{APP_PORT}"
            wait_for(f"{host}/healthz", app, app_log)
            # The ceiling serves the very page the app renders for the first sampled entry.
            saved = folder / "ceiling" / "ceiling" / "entry"
            saved.mkdir(parents=True)
            page = wait_for(host + targets["entries"][0], app, app_log)
            (saved / "index.html").write_bytes(page)
            ceiling_environment = {**environment, "BENCH_CEILING_ROOT": str(folder / "ceiling")}
            ceiling = gunicorn(
                "tests.bench.bench_load:ceiling_app", CEILING_PORT, ceiling_environment, ceiling_log
            )
            ceiling_host = f"http://127.0.0.1:{CEILING_PORT}"
            wait_for(ceiling_host + targets["ceiling_path"], ceiling, ceiling_log)
            print(f"Load runs (entry page saved for the ceiling: {len(page):,} bytes):")
            results = {}
            flush_cache()
            results["mix, uncached"] = locust("ArchiveVisitor", host, folder, "mix uncached")
            warm_up(host, targets)
            results["mix, cached"] = locust("ArchiveVisitor", host, folder, "mix cached")
            results["entries, cached"] = locust("EntryReader", host, folder, "entries cached")
            results["ceiling"] = locust("StaticCeiling", ceiling_host, folder, "ceiling")
        finally:
            stop(app)
            if ceiling is not None:
                stop(ceiling)
        server_errors = [line for line in app_log.read_text().splitlines() if "Error" in line]
        if server_errors:
            print("\nThe app logged errors:\n  " + "\n  ".join(server_errors[:20]))
    met = report(results)
    print("\nAll targets met." if met else "\nSome targets were missed (see above).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
