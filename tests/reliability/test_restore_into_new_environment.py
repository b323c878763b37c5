"""`manage.py restore` into a new environment: a database with no tables at all and empty
file areas, in a process of its own, as on the day a machine is replaced."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from memorial.core.backup.manifest import sha256_of_path

from .test_backup_restore import (  # noqa: F401
    archive,
    as_if_made_before,
    current_counts,
    file_areas,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
COUNT_ROWS = (
    "import json, django; django.setup(); "
    "from memorial.core.backup import database; "
    "print(json.dumps(database.row_counts(database.models_to_copy())))"
)


@pytest.fixture
def new_database(tmp_path):
    """The URL of a database that holds no tables: a new SQLite file, or a new PostgreSQL
    database on the test server (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'new-environment.sqlite3'}"
        return
    import psycopg

    settings_dict = connection.settings_dict
    name = f"memorial_restore_{uuid.uuid4().hex[:12]}"
    server = {
        "host": settings_dict.get("HOST") or "127.0.0.1",
        "port": settings_dict.get("PORT") or 5432,
        "user": settings_dict.get("USER") or "postgres",
        "password": settings_dict.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = server["user"] + (f":{server['password']}" if server["password"] else "")
    yield f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(**server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def in_new_environment(arguments, database_url, areas) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reliability.fresh_environment_settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(areas / "media"),
        "PRIVATE_FILES_ROOT": str(areas / "private"),
    }
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )


def restore_and_count(backup, database_url, areas) -> dict:
    """Restore `backup` in a new environment; the rows of each model there afterwards."""
    restored = in_new_environment(["manage.py", "restore", str(backup)], database_url, areas)
    assert restored.returncode == 0, restored.stderr[-3000:]
    assert "Restore complete" in restored.stdout
    counted = in_new_environment(["-c", COUNT_ROWS], database_url, areas)
    assert counted.returncode == 0, counted.stderr[-3000:]
    return json.loads(counted.stdout.strip().splitlines()[-1])


def test_a_restore_into_a_database_without_tables_gives_the_same_rows_and_files(
    archive,  # noqa: F811
    tmp_path,
    new_database,
):
    counts_before = current_counts()
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    areas = tmp_path / "new-environment"

    assert restore_and_count(backup, new_database, areas) == counts_before
    for name, sha256 in manifest["files"].items():
        area, _, relative = name.partition("/")
        assert sha256_of_path(areas / area / relative) == sha256, name


def test_a_backup_made_before_a_later_migration_is_restored_and_then_migrated_forward(
    archive,  # noqa: F811
    tmp_path,
    new_database,
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    # Testimonies 0003 added fields to segments and testimonies, keywords and consent records.
    counts_then = as_if_made_before(backup, ("testimonies", "0003_consent_redaction_segment_index"))
    assert "testimonies.ConsentRecord" not in counts_then
    areas = tmp_path / "new-environment"

    counts_now = restore_and_count(backup, new_database, areas)
    assert {label: counts_now[label] for label in counts_then} == counts_then
    assert counts_now["testimonies.ConsentRecord"] == 0
