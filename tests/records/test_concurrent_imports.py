"""The same file imported twice at the same moment (two archivists, or a retried task):
each run ends without an error and every person is there once, in a sound tree."""

import threading

import pytest
from django.db import connection, connections
from wagtail.models import Page

from memorial.entries.models import MemorialEntryPage
from memorial.records.ingest import EntryImporter

from ..bench.fictional_rows import fictional_records, write_csv
from ..factories import MemorialIndexPageFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:",
        reason="threads need a file or server database; the SQLite test database is in memory",
    ),
]

ROWS = 60


def import_in_threads(path, runs: int) -> tuple[list, list]:
    start = threading.Barrier(runs)
    reports, errors = [], []

    def worker():
        try:
            start.wait()
            reports.append(EntryImporter(path, batch_size=10).run())
        except Exception as error:  # noqa: BLE001 - reported by the tests
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return reports, errors


def test_the_same_file_imported_twice_at_once_makes_each_entry_once(tmp_path, home):
    names = MemorialIndexPageFactory(parent=home, title="Names", slug="names")
    path = write_csv(tmp_path / "rows.csv", fictional_records(ROWS))

    reports, errors = import_in_threads(path, runs=2)

    assert not errors, errors
    assert sum(report.created for report in reports) == ROWS
    assert sum(report.unchanged for report in reports) == ROWS
    assert MemorialEntryPage.objects.child_of(names).count() == ROWS
    assert Page.objects.get(pk=names.pk).numchild == ROWS
    assert not any(Page.find_problems())
