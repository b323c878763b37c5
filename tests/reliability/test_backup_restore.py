"""manage.py backup DIR / restore DIR: an archive comes back row for row and byte for byte."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from memorial.core.backup import database, files
from memorial.core.backup.manifest import sha256_of_path
from memorial.entries.models import MemorialEntryPage
from memorial.records.models import DocumentChecksum
from memorial.testimonies.models import TestimonyPage

from ..factories import (
    ArchiveImageFactory,
    KeywordFactory,
    MemorialEntryPageFactory,
    NameVariantFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
    document,
    recording,
)

pytestmark = pytest.mark.django_db

PRIVATE_IMPORT = "imports/names-batch-7.csv"


@pytest.fixture
def file_areas(settings, tmp_path):
    """Media and private files in folders of their own; `move_to` switches to new empty ones."""

    def move_to(name):
        settings.MEDIA_ROOT = str(tmp_path / name / "media")
        settings.PRIVATE_FILES_ROOT = tmp_path / name / "private"

    move_to("site")
    return move_to


@pytest.fixture
def archive(memorial_index, testimony_index, django_user_model, file_areas, settings):
    """A small archive: entries, a testimony with a transcript, an image, a private file."""
    first = MemorialEntryPageFactory(parent=memorial_index, given_name="Teodor", family_name="Kalv")
    MemorialEntryPageFactory(parent=memorial_index, given_name="Vesna", family_name="Kalv")
    NameVariantFactory(page=first)
    image = ArchiveImageFactory(title="Fictional portrait")
    first.portrait = image
    first.save_revision().publish()
    testimony = TestimonyPageFactory(parent=testimony_index, media=recording())
    segment = TranscriptSegmentFactory(page=testimony)
    segment.keywords.add(KeywordFactory(name="harvest"))
    segment.save()  # a ParentalManyToManyField is written when its owner is saved
    scan = document()
    archivist = django_user_model.objects.create_user("archivist", password="fictional-pass")
    archivist.groups.add(Group.objects.first())
    private = Path(settings.PRIVATE_FILES_ROOT) / PRIVATE_IMPORT
    private.parent.mkdir(parents=True)
    private.write_text("given_name,family_name\nAnsel,Fictional\n")
    return {
        "entry": first,
        "image": image,
        "testimony": testimony,
        "document_sha256": DocumentChecksum.objects.get(document=scan).sha256,
    }


def empty_database():
    """Like a new database: `flush` (content types and permissions come back, as after
    migrate), with PostgreSQL's pending foreign-key checks run first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def rewrite_manifest(backup, change):
    """Change a backup's manifest as someone altering the backup could."""
    manifest = json.loads((backup / "manifest.json").read_text())
    change(manifest)
    (backup / "manifest.json").write_text(json.dumps(manifest))
    return manifest


def backup_written_by_hand(tmp_path, change):
    """A folder with only a manifest, of the right shape until `change` alters it: enough
    for what restore must refuse before it reads anything else."""
    backup = tmp_path / "backup"
    backup.mkdir()
    manifest = {
        "format": 1,
        "database": {"file": "database.jsonl", "sha256": "0" * 64, "objects": 0},
        "migrations": {"wagtailcore": ["0001_initial"]},
        "row_counts": {"entries.MemorialEntryPage": 0},
        "files": {"media/original_images/a.jpg": "0" * 64},
    }
    change(manifest)
    (backup / "manifest.json").write_text(json.dumps(manifest))
    return backup


def as_if_made_before(backup, migration):
    """Make `backup` one made before `migration` ran: it and the migrations that depend on
    it leave the manifest, and the dump keeps only the models and fields the archive had
    then. The manifest's row counts, as such a backup would have had them."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    later = set(graph.backwards_plan(migration))
    manifest = json.loads((backup / "manifest.json").read_text())
    earlier = {
        (app, name)
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) in graph.nodes and (app, name) not in later
    }
    then = graph.make_state(sorted(earlier)).apps

    def model_then(label):
        try:
            return then.get_model(label)
        except LookupError:
            return None

    dump = backup / "database.jsonl"
    rows = []
    for line in dump.read_text().splitlines():
        row = json.loads(line)
        model = model_then(row["model"])
        if model is not None:
            fields = {field.name for field in model._meta.get_fields()}
            row["fields"] = {name: value for name, value in row["fields"].items() if name in fields}
            rows.append(json.dumps(row) + "\n")
    dump.write_text("".join(rows))

    def go_back(manifest):
        for app, name in later:
            if name in manifest["migrations"].get(app, []):
                manifest["migrations"][app].remove(name)
        manifest["row_counts"] = {
            label: count for label, count in manifest["row_counts"].items() if model_then(label)
        }
        manifest["database"].update(sha256=sha256_of_path(dump), objects=len(rows))

    return rewrite_manifest(backup, go_back)["row_counts"]


def current_counts():
    return database.row_counts(database.models_to_copy())


def current_file_hashes(names):
    return {name: files.restored_hash(name) for name in names}


def test_backup_then_restore_into_an_empty_archive_gives_the_same_rows_and_files(
    archive, file_areas, tmp_path, capsys, settings
):
    counts_before = current_counts()
    call_command("backup", str(tmp_path / "backup"))
    backup = tmp_path / "backup"
    manifest = json.loads((backup / "manifest.json").read_text())

    assert manifest["row_counts"] == counts_before
    assert manifest["row_counts"]["entries.MemorialEntryPage"] == 2
    assert manifest["row_counts"]["testimonies.TranscriptSegment_keywords"] == 1
    assert "sessions.Session" not in manifest["row_counts"]
    assert manifest["row_counts"]["records.DocumentChecksum"] == 1
    assert manifest["versions"]["django"] and manifest["versions"]["wagtail"]
    assert "0001_initial" in manifest["migrations"]["wagtailcore"]
    assert sha256_of_path(backup / "database.jsonl") == manifest["database"]["sha256"]
    assert f"private/{PRIVATE_IMPORT}" in manifest["files"]
    image_name = f"media/{archive['image'].file.name}"
    assert image_name in manifest["files"]
    for name, sha256 in manifest["files"].items():
        assert sha256_of_path(backup / name) == sha256
    hashes_before = current_file_hashes(manifest["files"])
    assert hashes_before == manifest["files"]

    empty_database()
    file_areas("restored")
    assert MemorialEntryPage.objects.count() == 0
    assert not Path(default_storage.location).exists()

    call_command("restore", str(backup))

    assert current_counts() == counts_before
    assert current_file_hashes(manifest["files"]) == hashes_before
    entry = MemorialEntryPage.objects.get(pk=archive["entry"].pk)
    assert entry.portrait.file.read() == (backup / image_name).read_bytes()
    assert TestimonyPage.objects.get().media.file.name == archive["testimony"].media.file.name
    assert DocumentChecksum.objects.get().sha256 == archive["document_sha256"]
    assert (Path(settings.PRIVATE_FILES_ROOT) / PRIVATE_IMPORT).read_text().startswith("given_name")
    out = capsys.readouterr().out
    assert "Restore complete" in out and "all matching the manifest" in out
    # New rows get new ids after rows were loaded with theirs (sequences reset).
    MemorialEntryPageFactory(parent=entry.get_parent(), given_name="Nora", family_name="Kalv")


def test_restore_refuses_a_database_that_already_holds_data(archive, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", str(tmp_path / "backup"))

    MemorialEntryPageFactory(parent=archive["entry"].get_parent(), given_name="Extra")
    call_command("restore", str(tmp_path / "backup"), "--force")
    assert (
        current_counts()
        == json.loads((tmp_path / "backup/manifest.json").read_text())["row_counts"]
    )


def test_a_damaged_file_stops_the_restore_before_anything_changes(archive, file_areas, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    damaged = f"media/{archive['image'].file.name}"
    with open(backup / damaged, "r+b") as handle:
        handle.seek(10)
        handle.write(b"\x00\x01\x02")

    empty_database()
    file_areas("restored")
    counts = current_counts()
    with pytest.raises(CommandError, match=f"{damaged} does not match its checksum"):
        call_command("restore", str(backup))
    assert current_counts() == counts
    assert not Path(default_storage.location).exists()
    assert manifest["files"][damaged] != sha256_of_path(backup / damaged)


def test_a_dump_that_fails_to_load_leaves_the_archive_as_it_was(archive, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    dump = backup / "database.jsonl"
    lines = dump.read_text().splitlines(keepends=True)
    variant = json.loads(next(line for line in lines if '"entries.entrynamevariant"' in line))
    variant["pk"], variant["fields"]["page"] = 99999, 987654  # a person nobody recorded
    dump.write_text("".join(lines) + json.dumps(variant) + "\n")
    rewrite_manifest(backup, lambda m: m["database"].__setitem__("sha256", sha256_of_path(dump)))
    counts = current_counts()

    with pytest.raises(CommandError, match="(?s)rows could not be loaded.*987654"):
        call_command("restore", str(backup), "--force")
    assert current_counts() == counts


def test_a_file_that_cannot_be_copied_stops_the_restore_before_the_database_changes(
    archive, tmp_path, monkeypatch
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    MemorialEntryPageFactory(parent=archive["entry"].get_parent(), given_name="Added later")
    counts = current_counts()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.shutil, "copyfile", disk_full)
    with pytest.raises(CommandError, match="could not be copied.*database was not changed"):
        call_command("restore", str(backup), "--force")
    assert current_counts() == counts


def test_a_damaged_database_dump_is_refused_too(archive, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    with open(backup / "database.jsonl", "a") as handle:
        handle.write('{"model": "core.user", "pk": 999, "fields": {}}\n')
    with pytest.raises(CommandError, match="database.jsonl does not match its checksum"):
        call_command("restore", str(backup), "--force")


def test_backup_refuses_a_folder_that_is_not_empty(archive, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "backup"))


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_backup_refuses_a_target_that_cannot_be_a_folder_with_a_reason(where, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me")
    target = a_file if where == "a file" else a_file / "backup"
    with pytest.raises(CommandError, match="notes.txt"):
        call_command("backup", str(target))
    assert a_file.read_text() == "keep me"


def test_a_backup_that_cannot_be_written_stops_with_a_reason_not_a_traceback(
    archive, tmp_path, monkeypatch
):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "_copy_stream", disk_full)
    with pytest.raises(CommandError, match="No space left on device.*incomplete backup"):
        call_command("backup", str(tmp_path / "backup"))
    assert not (tmp_path / "backup" / "manifest.json").exists()


def test_a_crafted_manifest_cannot_make_restore_write_outside_the_file_areas(
    archive, file_areas, tmp_path
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    outside = tmp_path / "outside" / "planted.txt"
    crafted = f"private/{outside}"  # private//tmp/…, which a normalised path reads as inside
    source = backup / crafted
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text("planted by a crafted backup\n")
    rewrite_manifest(backup, lambda m: m["files"].__setitem__(crafted, sha256_of_path(source)))

    empty_database()
    file_areas("restored")
    counts = current_counts()
    with pytest.raises(CommandError, match="names a file that restore will not write"):
        call_command("restore", str(backup))
    assert not outside.exists()
    assert current_counts() == counts
    assert not Path(default_storage.location).exists()


@pytest.mark.parametrize(
    "name",
    [
        "media//srv/elsewhere/a.jpg",
        "private/../escape.txt",
        "media/./a.jpg",
        "media/original_images/",
        "media",
        "static/a.css",
        "private/imports\\..\\..\\a.csv",
        "private/a\x00.csv",
    ],
)
def test_restore_refuses_any_file_name_that_is_not_plainly_under_media_or_private(name, tmp_path):
    backup = backup_written_by_hand(tmp_path, lambda m: m["files"].__setitem__(name, "0" * 64))
    with pytest.raises(CommandError, match="names a file that restore will not write"):
        call_command("restore", str(backup))


def test_restore_does_not_follow_a_link_in_the_file_areas_to_somewhere_else(
    archive, file_areas, settings, tmp_path
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    empty_database()
    file_areas("restored")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    private = Path(settings.PRIVATE_FILES_ROOT)
    private.mkdir(parents=True)
    (private / Path(PRIVATE_IMPORT).parent).symlink_to(elsewhere)

    with pytest.raises(CommandError, match="would be written outside"):
        call_command("restore", str(backup))
    assert not any(elsewhere.iterdir())


@pytest.mark.parametrize(
    "damage",
    [
        lambda m: m.__setitem__("files", None),
        lambda m: m.__setitem__("database", {}),
        lambda m: m["database"].__setitem__("file", "../database.jsonl"),
        lambda m: m["files"].__setitem__("media/original_images/a.jpg", None),
        lambda m: m.__setitem__("migrations", ["wagtailcore"]),
        lambda m: m["row_counts"].__setitem__("entries.MemorialEntryPage", "12"),
    ],
    ids=["files null", "database empty", "dump outside", "checksum null", "migrations", "rows"],
)
def test_restore_refuses_a_manifest_whose_parts_have_the_wrong_shape_with_a_reason(
    damage, tmp_path
):
    backup = backup_written_by_hand(tmp_path, damage)
    with pytest.raises(CommandError, match="is damaged or was not written by `backup`"):
        call_command("restore", str(backup))


def test_a_backup_older_than_this_databases_migrations_is_refused_naming_them(
    archive, file_areas, tmp_path
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    as_if_made_before(backup, ("testimonies", "0003_consent_redaction_segment_index"))
    MemorialEntryPageFactory(parent=archive["entry"].get_parent(), given_name="Added later")
    counts = current_counts()
    file_areas("restored")

    with pytest.raises(
        CommandError,
        match=r"(?s)migrations the backup lacks \(.*testimonies\.0003_consent_redaction_segment_"
        r"index.*new, empty database.*Nothing was changed",
    ):
        call_command("restore", str(backup), "--force")
    assert current_counts() == counts
    assert not Path(default_storage.location).exists()
