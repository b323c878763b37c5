"""Two app processes on different ports, one database, one Redis cache: one site.

Each server is a separate gunicorn process (as `make serve` runs them) against the pytest
test database (a SQLite file, or PostgreSQL) and Redis DB 11, flushed before each test.
What one process learns must hold in the other: published pages, the search cache's
archive generation, candles (one per visitor per entry per day) and rate limits.
"""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from memorial.core.changes import archive_generation

from ..factories import MemorialEntryPageFactory
from . import shared_cache_settings

REPO = Path(__file__).resolve().parents[2]
SETTINGS_MODULE = "tests.services.shared_cache_settings"
SUBMISSION_LIMIT = 3
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:",
        reason="server processes need a file or server database; the SQLite one is in memory",
    ),
]


def redis_or_skip():
    import redis

    client = redis.Redis.from_url(shared_cache_settings.SHARED_CACHE_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is not reachable at {shared_cache_settings.SHARED_CACHE_URL}: {error}")
    return client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


class Server:
    def __init__(self, port, log_path, env):
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "memorial.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "120",
            ],
            cwd=REPO,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server at {self.url} exited; see {self.log.name}")
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=5).close()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"The server at {self.url} did not answer within {seconds} s")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Processes A and B, started once for the module against the test database."""
    redis_or_skip()
    with django_db_blocker.unblock():
        url = database_url(connection.settings_dict)
    logs = tmp_path_factory.mktemp("servers")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DATABASE_URL": url,
        "RATE_LIMIT_SUBMISSIONS": str(SUBMISSION_LIMIT),
        "PYTHONPATH": str(REPO),
    }
    started = [Server(free_port(), logs / f"{name}.log", env) for name in ("a", "b")]
    try:
        for server in started:
            server.wait_until_ready()
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def shared_cache(settings):
    """This test process uses the servers' Redis too (publishing bumps the generation there),
    flushed so nothing from an earlier test or run is counted."""
    redis_or_skip().flushdb()
    settings.CACHES = shared_cache_settings.CACHES
    return settings


class Visitor:
    """One browser: its cookies and User-Agent are the same whichever process answers."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.opener.addheaders = [("User-Agent", "Fictional browser 1.0")]

    def get(self, url) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode()

    def post(self, server, form_path, action_path, accept="text/html") -> tuple[int, bytes]:
        """Load the form at `form_path` (with its CSRF cookie and token, when it has one: the
        candle on a shared entry page has none), send it to `action_path`."""
        _status, page = self.get(server.url + form_path)
        token = CSRF_FIELD.search(page)
        request = urllib.request.Request(
            server.url + action_path,
            data=f"csrfmiddlewaretoken={token.group(1)}".encode() if token else b"",
            headers={
                "Accept": accept,
                "Referer": server.url + form_path,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read()

    def light_candle(self, server, entry) -> tuple[int, dict]:
        path = f"/e/{entry.identifier}/candle/"
        status, body = self.post(server, entry.url, path, accept="application/json")
        return status, json.loads(body) if status == 200 else {}


def test_a_page_published_in_one_place_appears_on_both(servers, shared_cache, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, family_name="Orsavelle")
    for server in servers:
        status, html = Visitor().get(server.url + entry.url)
        assert status == 200
        assert "Orsavelle" in html


def test_a_search_cached_by_one_process_is_renewed_in_the_other_after_a_publish(
    servers, shared_cache, memorial_index
):
    a, b = servers
    MemorialEntryPageFactory(parent=memorial_index, given_name="Ilse", family_name="Quarvenn")
    search = "/search/?q=Quarvenn"
    visitor = Visitor()
    for server in (a, b):  # both processes now keep the result for this archive generation
        status, html = visitor.get(server.url + search)
        assert status == 200 and "Ilse" in html and "Tomasz" not in html
    before = archive_generation()

    MemorialEntryPageFactory(parent=memorial_index, given_name="Tomasz", family_name="Quarvenn")

    assert archive_generation() != before
    status, html = visitor.get(b.url + search)
    assert status == 200 and "Ilse" in html and "Tomasz" in html


def test_a_candle_lit_on_one_process_counts_once_on_the_other(
    servers, shared_cache, memorial_index
):
    a, b = servers
    entry = MemorialEntryPageFactory(parent=memorial_index)
    visitor = Visitor()

    assert visitor.light_candle(a, entry) == (200, {"count": 1, "lit": True})
    assert visitor.light_candle(b, entry) == (200, {"count": 1, "lit": False})
    _status, html = Visitor().get(b.url + entry.url)
    assert "1 candle lit" in html


def test_rate_limits_count_across_processes(servers, shared_cache):
    """The form for proposing a name allows SUBMISSION_LIMIT sends an hour per address; every
    send counts, even one refused for empty fields (answered 200 with the form again)."""
    visitor = Visitor()
    statuses = [
        visitor.post(servers[number % 2], "/submit-a-name/", "/submit-a-name/")[0]
        for number in range(SUBMISSION_LIMIT + 1)
    ]
    # Neither process alone has seen more than two sends; together they have seen one too many.
    assert statuses == [200] * SUBMISSION_LIMIT + [429]
