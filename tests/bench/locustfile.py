"""Visitors for `make bench-load`, run by locust in its own process (gevent stays out of Django).

    locust -f tests/bench/locustfile.py ArchiveVisitor --headless -u 16 -r 16 -t 30s \
        --host http://127.0.0.1:8100

BENCH_TARGETS names a JSON file written by bench_load.py: the paths of entry pages,
searches, suggestions and a gallery to ask for. Every request is named by its kind, so
locust's statistics (and its CSV files) come out per kind. The users wait for nothing
between requests: 16 users are 16 requests always in flight, a closed loop that measures
what the server can do.
"""

import itertools
import json
import os
import random

from locust import FastHttpUser, constant, task


def _targets() -> dict:
    with open(os.environ["BENCH_TARGETS"], encoding="utf-8") as file:
        return json.load(file)


TARGETS = _targets()
_user_numbers = itertools.count(1)


class _Visitor(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self):
        # Each user its own random sequence, the same from run to run for the same user count.
        self.random = random.Random(next(_user_numbers))

    def page(self, path: str, kind: str):
        with self.client.get(path, name=kind, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{kind}: HTTP {response.status_code}")
            elif kind != "suggest" and b"</html>" not in response.content:
                response.failure(f"{kind}: incomplete page")


class ArchiveVisitor(_Visitor):
    """The public mix: mostly people's pages, then searches, suggestions, home, a gallery."""

    @task(10)
    def entry(self):
        self.page(self.random.choice(TARGETS["entries"]), "entry")

    @task(4)
    def search(self):
        self.page(self.random.choice(TARGETS["searches"]), "search")

    @task(4)
    def suggest(self):
        self.page(self.random.choice(TARGETS["suggestions"]), "suggest")

    @task(2)
    def home(self):
        self.page("/", "home")

    @task(1)
    def gallery(self):
        self.page(TARGETS["gallery"], "gallery")


class EntryReader(_Visitor):
    """People's pages only: what is compared with the ceiling."""

    @task
    def entry(self):
        self.page(self.random.choice(TARGETS["entries"]), "entry")


class StaticCeiling(_Visitor):
    """One saved entry page, served as a static file: the fastest any page could be served."""

    @task
    def entry(self):
        self.page(TARGETS["ceiling_path"], "entry (static copy)")
