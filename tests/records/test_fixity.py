"""verify_fixity: every stored original re-hashed against the checksum taken at upload."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse

from memorial.core.models import ArchiveImage, ArchiveMedia
from memorial.records.models import FixityCheck

from ..factories import ArchiveImageFactory

pytestmark = pytest.mark.django_db
Outcome = FixityCheck.Outcome


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def originals():
    images = [ArchiveImageFactory(), ArchiveImageFactory()]
    recording = ArchiveMedia(title="Fictional recording", type="audio")
    recording.file.save("fictional-tone.wav", ContentFile(b"RIFF fictional tone"), save=False)
    recording.save()
    return images, recording


def verify(*args):
    out, err = StringIO(), StringIO()
    error = None
    try:
        call_command("verify_fixity", *args, stdout=out, stderr=err)
    except CommandError as raised:
        error = raised
    return error, out.getvalue(), err.getvalue()


def outcomes():
    return {(c.kind, c.object_id): c.outcome for c in FixityCheck.objects.all()}


def test_intact_files_pass_and_are_logged_ok(originals):
    images, recording = originals

    error, out, err = verify()

    assert error is None
    assert err == ""
    assert "3 ok, 0 changed, 0 missing, 0 unrecorded" in out
    assert outcomes() == {
        ("image", images[0].pk): Outcome.OK,
        ("image", images[1].pk): Outcome.OK,
        ("media", recording.pk): Outcome.OK,
    }
    check = FixityCheck.objects.get(kind="media")
    assert check.path == recording.file.name
    assert check.expected_sha256 == check.observed_sha256 == recording.sha256


def test_a_changed_file_fails_the_check(originals, media_root):
    images, _recording = originals
    changed = images[1]
    (media_root / changed.file.name).write_bytes(b"not the original bytes")

    error, _out, err = verify()

    assert error is not None and "1 changed, 0 missing" in str(error)
    assert f"CHANGED: image {changed.pk} {changed.file.name}" in err
    assert outcomes()[("image", changed.pk)] == Outcome.CHANGED
    assert outcomes()[("image", images[0].pk)] == Outcome.OK
    row = FixityCheck.objects.get(object_id=changed.pk, kind="image")
    assert row.expected_sha256 == changed.sha256 != row.observed_sha256


def test_a_deleted_file_is_missing(originals):
    _images, recording = originals
    default_storage.delete(recording.file.name)

    error, _out, err = verify()

    assert error is not None and "0 changed, 1 missing" in str(error)
    assert f"MISSING: media {recording.pk} {recording.file.name}" in err
    assert outcomes()[("media", recording.pk)] == Outcome.MISSING


def test_files_without_a_checksum_are_unrecorded_until_one_is_recorded(originals):
    images, _recording = originals
    ArchiveImage.objects.filter(pk=images[0].pk).update(sha256="")

    error, out, _err = verify("--kind", "image")
    assert error is None
    assert "1 unrecorded" in out
    assert outcomes() == {
        ("image", images[0].pk): Outcome.UNRECORDED,
        ("image", images[1].pk): "ok",
    }
    assert ArchiveImage.objects.get(pk=images[0].pk).sha256 == ""

    error, out, _err = verify("--kind", "image", "--record-missing-checksums")
    assert error is None
    assert ArchiveImage.objects.get(pk=images[0].pk).sha256 == images[0].sha256

    FixityCheck.objects.all().delete()
    verify("--kind", "image")
    assert set(outcomes().values()) == {Outcome.OK}


def test_kind_limits_the_check_and_quiet_prints_only_problems(originals):
    _images, recording = originals

    error, out, err = verify("--kind", "media", "--quiet")
    assert (error, out, err) == (None, "", "")
    assert outcomes() == {("media", recording.pk): Outcome.OK}

    default_storage.delete(recording.file.name)
    error, out, err = verify("--kind", "media", "--quiet")
    assert error is not None
    assert out == ""
    assert "MISSING" in err


def test_checks_are_written_in_batches(originals, monkeypatch):
    from memorial.records.preservation import fixity

    monkeypatch.setattr(fixity, "BATCH", 2)
    for _ in range(3):
        ArchiveImageFactory()

    error, _out, _err = verify("--kind", "image")

    assert error is None
    assert FixityCheck.objects.filter(kind="image", outcome=Outcome.OK).count() == 5


def test_admin_lists_fixity_checks_read_only(originals, admin_client):
    images, _recording = originals
    verify("--kind", "image")
    check = FixityCheck.objects.filter(kind="image").first()

    listing = admin_client.get(reverse("fixity_checks:index"))
    assert listing.status_code == 200
    assert images[0].file.name in listing.content.decode()
    searched = admin_client.get(reverse("fixity_checks:index"), {"q": images[1].file.name})
    assert searched.status_code == 200
    assert images[1].file.name in searched.content.decode()
    assert admin_client.get(reverse("fixity_checks:inspect", args=[check.pk])).status_code == 200

    # Nobody edits the log, not even a superuser.
    assert admin_client.get(reverse("fixity_checks:add")).status_code in (302, 403)
    assert admin_client.get(reverse("fixity_checks:edit", args=[check.pk])).status_code in (
        302,
        403,
    )
    response = admin_client.post(reverse("fixity_checks:delete", args=[check.pk]))
    assert response.status_code in (302, 403)
    assert FixityCheck.objects.filter(pk=check.pk).exists()


def test_queries_do_not_grow_with_the_number_of_files(originals):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_check():
        with CaptureQueriesContext(connection) as captured:
            verify()
        return len(captured.captured_queries)

    few = queries_for_check()
    for _ in range(5):
        ArchiveImageFactory()
    assert queries_for_check() == few
