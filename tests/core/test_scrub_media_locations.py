"""manage.py scrub_media_locations: recordings stored before uploads were blanked lose the
place they were made, with their checksums renewed; nothing else is touched."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from memorial.core.models import ArchiveMedia

from ..factories import AUDIO, recording
from .test_recording_locations import recording_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_before_blanking(media_root, data=None, name="interview.mov"):
    """A recording as an earlier version stored it: its place in it, its checksum of that."""
    data = recording_bytes() if data is None else data
    media = recording(name=name, data=data)
    (media_root / media.file.name).write_bytes(data)
    ArchiveMedia.objects.filter(pk=media.pk).update(sha256=hashlib.sha256(data).hexdigest())
    return ArchiveMedia.objects.get(pk=media.pk)


def scrub(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("scrub_media_locations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_recordings_stored_before_lose_their_place_and_get_a_new_checksum(media_root):
    old = stored_before_blanking(media_root)
    sound = stored_before_blanking(media_root, AUDIO, "testimony.mp3")

    out, err = scrub()

    kept = (media_root / old.file.name).read_bytes()
    assert kept == recording_bytes(blank=True)
    assert ArchiveMedia.objects.get(pk=old.pk).sha256 == hashlib.sha256(kept).hexdigest()
    assert (media_root / sound.file.name).read_bytes() == AUDIO
    assert f"Blanked the place in media {old.pk} {old.file.name}" in out
    assert "Checked 2/2 recordings." in out
    assert "1 of 2 recordings named a place: blanked." in out
    assert err == ""


def test_running_it_again_changes_nothing(media_root):
    old = stored_before_blanking(media_root)
    scrub()
    checksum = ArchiveMedia.objects.get(pk=old.pk).sha256

    out, _ = scrub()

    assert "0 of 1 recordings named a place" in out
    assert ArchiveMedia.objects.get(pk=old.pk).sha256 == checksum


def test_a_dry_run_lists_and_changes_nothing(media_root):
    old = stored_before_blanking(media_root)

    out, _ = scrub("--dry-run")

    assert f"Would blank the place in media {old.pk}" in out
    assert "1 of 1 recordings named a place: would be blanked." in out
    assert (media_root / old.file.name).read_bytes() == recording_bytes()
    assert ArchiveMedia.objects.get(pk=old.pk).sha256 == old.sha256


def test_a_file_that_no_longer_matches_its_checksum_is_left_for_the_fixity_check(media_root):
    changed = stored_before_blanking(media_root)
    ArchiveMedia.objects.filter(pk=changed.pk).update(sha256="0" * 64)
    intact = stored_before_blanking(media_root, name="second.mov")

    with pytest.raises(CommandError, match="1 recordings could not be checked"):
        scrub()

    assert (media_root / changed.file.name).read_bytes() == recording_bytes()
    assert ArchiveMedia.objects.get(pk=changed.pk).sha256 == "0" * 64
    assert (media_root / intact.file.name).read_bytes() == recording_bytes(blank=True)


def test_a_missing_file_is_reported_and_the_others_are_blanked(media_root):
    missing = stored_before_blanking(media_root)
    (media_root / missing.file.name).unlink()
    present = stored_before_blanking(media_root, name="second.mov")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("scrub_media_locations", stdout=io.StringIO(), stderr=err)

    assert f"UNREADABLE: media {missing.pk} {missing.file.name}" in err.getvalue()
    assert (media_root / present.file.name).read_bytes() == recording_bytes(blank=True)
