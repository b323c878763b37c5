"""A recording is stored without the place it was made: the ISO 6709 position, QuickTime's
location keys and XMP's GPS tags are blanked in place, nothing else moves.

Every recording here is written box by box in code; nothing real is read from disk.
"""

import hashlib
import io
import json
import shutil
import struct
import subprocess

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from memorial.core.files.recording_locations import XMP_UUID, blanked_chunk, find_locations, writes
from memorial.core.models import ArchiveMedia

pytestmark = pytest.mark.django_db

ISO6709 = b"+40.4461+049.8669+012.000/"
LOCATION_KEY = b"com.apple.quicktime.location.ISO6709"
MAKE_KEY = b"com.apple.quicktime.make"
SOUND = b"fictional sound " * 256
AUDIO_WITHOUT_PLACE = b"ID3\x04\x00\x00\x00\x00\x00\x00" + SOUND


def box(kind: bytes, payload: bytes = b"", *, large=False) -> bytes:
    if large:
        return struct.pack(">I4sQ", 1, kind, 16 + len(payload)) + payload
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box(kind: bytes, payload: bytes) -> bytes:
    return box(kind, bytes(4) + payload)  # version 0, no flags


def blanked(data: bytes) -> bytes:
    """A whole box as it is after blanking: `free`, same size, payload zeroed."""
    header = 16 if data[:4] == b"\0\0\0\x01" else 8
    return data[:4] + b"free" + data[8:header] + bytes(len(data) - header)


def xyz(blank=False):
    found = box(b"\xa9xyz", struct.pack(">HH", len(ISO6709), 0x15C7) + ISO6709)
    return blanked(found) if blank else found


def mvhd():
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    fields = struct.pack(">IIIIIH10x", 0, 0, 1000, 1000, 0x10000, 0x100)
    return full_box(b"mvhd", fields + matrix + bytes(24) + struct.pack(">I", 2))


def location_meta(*, iso_full_box=False, blank=False):
    """QuickTime's keyed metadata: a make, and the position under its location key."""

    def key(name, secret):
        return struct.pack(">I4s", 8 + len(name), b"mdta") + (
            bytes(len(name)) if secret and blank else name
        )

    def value(index, data, secret):
        item = box(struct.pack(">I", index), box(b"data", struct.pack(">II", 1, 0) + data))
        return blanked(item) if secret and blank else item

    keys = full_box(b"keys", struct.pack(">I", 2) + key(MAKE_KEY, False) + key(LOCATION_KEY, True))
    items = value(1, b"Fictional Phone Co.", False) + value(2, ISO6709, True)
    children = full_box(b"hdlr", bytes(4) + b"mdta" + bytes(13)) + keys + box(b"ilst", items)
    return full_box(b"meta", children) if iso_full_box else box(b"meta", children)


def xmp(blank=False):
    gps_attribute = b' exif:GPSLatitude="40,26.766N"'
    gps_element = b"<exif:GPSLongitude>49,52.014E</exif:GPSLongitude>"
    if blank:
        gps_attribute, gps_element = b" " * len(gps_attribute), b" " * len(gps_element)
    packet = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description rdf:about=""'
        b' xmlns:exif="http://ns.adobe.com/exif/1.0/"' + gps_attribute + b">" + gps_element
        + b"<xmp:CreatorTool>Fictional Camera</xmp:CreatorTool></rdf:Description></rdf:RDF>"
        b"</x:xmpmeta>"
    )  # fmt: skip
    return box(b"uuid", XMP_UUID + packet)


def recording_bytes(blank=False, *, large_moov=False, iso_meta=False) -> bytes:
    """ftyp, moov (mvhd, a track's udta, the movie's udta with ©xyz, keyed metadata), XMP,
    mdat."""
    track = box(b"trak", box(b"udta", xyz(blank) + box(b"\xa9nam", b"Fictional take")))
    udta = box(b"udta", xyz(blank) + box(b"\xa9too", b"Fictional encoder"))
    moov = mvhd() + track + udta + location_meta(iso_full_box=iso_meta, blank=blank)
    return (
        box(b"ftyp", b"qt  \0\0\0\0qt  ")
        + box(b"moov", moov, large=large_moov)
        + xmp(blank)
        + box(b"mdat", SOUND)
    )


def box_types(data: bytes, start=0, end=None, containers=(b"moov", b"trak", b"udta")):
    """The tree of box types, walked independently of the code under test."""
    end = len(data) if end is None else end
    found, offset = [], start
    while offset < end:
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", data[offset + 8 : offset + 16])[0], 16
        assert 8 <= size <= end - offset, f"{kind!r} at {offset} does not fit"
        inner = box_types(data, offset + header, offset + size) if kind in containers else None
        found.append((kind, inner) if inner is not None else kind)
        offset += size
    return found


def save_recording(data: bytes, name="interview.mov", **fields) -> ArchiveMedia:
    media = ArchiveMedia(
        title="Fictional interview", type="video", collection=Collection.get_first_root_node()
    )
    media.file = ContentFile(data, name=name)
    media.save()
    return media


def stored(media) -> bytes:
    with media.file.open("rb") as handle:
        return handle.read()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.mark.parametrize(
    "shape", [{}, {"large_moov": True}, {"iso_meta": True}], ids=["plain", "64-bit", "iso-meta"]
)
def test_a_saved_recording_keeps_every_byte_but_the_place_it_was_made(shape):
    media = save_recording(recording_bytes(**shape))

    kept = stored(media)
    assert kept == recording_bytes(blank=True, **shape)
    assert ISO6709 not in kept and b"GPS" not in kept and LOCATION_KEY not in kept
    assert b"Fictional Phone Co." in kept and b"Fictional Camera" in kept
    assert media.sha256 == hashlib.sha256(kept).hexdigest()


def test_a_3gp_recording_loses_its_3gpp_location_box():
    fixed = struct.pack(">iii", int(49.8669 * 65536), int(40.4461 * 65536), 12 * 65536)
    loci = full_box(b"loci", b"\x15\xc7" + b"Fictional street 1\0" + b"\0" + fixed + b"earth\0\0")
    media = save_recording(
        box(b"ftyp", b"3gp4") + box(b"moov", mvhd() + box(b"udta", loci)) + box(b"mdat", SOUND),
        name="interview.3gp",
    )

    assert stored(media) == (
        box(b"ftyp", b"3gp4")
        + box(b"moov", mvhd() + box(b"udta", blanked(loci)))
        + box(b"mdat", SOUND)
    )


def test_a_blanked_recording_still_parses_and_is_left_alone_the_second_time():
    kept = stored(save_recording(recording_bytes()))

    assert [entry if isinstance(entry, bytes) else entry[0] for entry in box_types(kept)] == [
        b"ftyp",
        b"moov",
        b"uuid",
        b"mdat",
    ]
    moov = box_types(kept)[1][1]
    assert (b"udta", [b"free", b"\xa9too"]) in moov
    assert (b"trak", [(b"udta", [b"free", b"\xa9nam"])]) in moov
    again = find_locations(io.BytesIO(kept), len(kept))
    assert not again and not again.problem


def test_a_recording_stored_before_its_checksum_is_blanked_where_it_lies(media_root):
    media = ArchiveMedia(
        title="Fictional interview", type="video", collection=Collection.get_first_root_node()
    )
    media.file.save("interview.mp4", ContentFile(recording_bytes()), save=False)
    media.save()

    kept = (media_root / media.file.name).read_bytes()
    assert kept == recording_bytes(blank=True)
    assert media.sha256 == hashlib.sha256(kept).hexdigest()


def test_a_source_file_handed_in_is_not_changed(tmp_path):
    source = tmp_path / "camera.mov"
    source.write_bytes(recording_bytes())
    with source.open("rb") as handle:
        media = ArchiveMedia(
            title="Fictional interview", type="video", collection=Collection.get_first_root_node()
        )
        media.file = File(handle, name="camera.mov")
        media.save()

    assert source.read_bytes() == recording_bytes()
    assert stored(media) == recording_bytes(blank=True)
    assert media.sha256 == hashlib.sha256(stored(media)).hexdigest()


def upload_in_admin(client, data: bytes, name="interview.mov", title="Fictional interview"):
    return client.post(
        reverse("wagtailmedia:add", args=["video"]),
        {
            "title": title,
            "file": SimpleUploadedFile(name, data, content_type="video/quicktime"),
            "collection": Collection.get_first_root_node().pk,
            "duration": "1",
        },
    )


@pytest.mark.parametrize("big", [False, True], ids=["in-memory", "temporary-file"])
def test_a_recording_uploaded_in_the_admin_is_stored_without_its_place(admin_client, settings, big):
    if big:  # Django spools larger uploads to a temporary file
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    assert upload_in_admin(admin_client, recording_bytes()).status_code == 302

    media = ArchiveMedia.objects.get(title="Fictional interview")
    assert stored(media) == recording_bytes(blank=True)
    assert media.sha256 == hashlib.sha256(stored(media)).hexdigest()


def test_a_recording_cut_short_after_its_metadata_is_blanked_and_stored(admin_client, caplog):
    whole = recording_bytes()
    cut = whole[: len(whole) - len(SOUND) // 2]  # the mdat now claims more than the file has

    assert upload_in_admin(admin_client, cut).status_code == 302

    media = ArchiveMedia.objects.get()
    assert stored(media) == recording_bytes(blank=True)[: len(cut)]
    assert media.sha256 == hashlib.sha256(stored(media)).hexdigest()
    assert "could not be read to the end" in caplog.text


def _nested(depth: int) -> bytes:
    inner = xyz()
    for _ in range(depth):
        inner = box(b"udta", inner)
    return box(b"ftyp", b"isom") + inner


HOSTILE = {
    "cut-in-moov": recording_bytes()[:200],
    "size-past-parent": box(b"ftyp", b"isom") + struct.pack(">I4s", 64, b"moov") + xyz(),
    "size-zero-inside": box(b"ftyp", b"isom") + box(b"moov", struct.pack(">I4s", 0, b"udta")),
    "huge-64-bit": box(b"ftyp", b"isom") + struct.pack(">I4sQ", 1, b"moov", 2**64 - 1),
    "size-below-header": box(b"ftyp", b"isom") + struct.pack(">I4s", 3, b"moov") + bytes(8),
    "deep": _nested(40),
    "ftyp-only": box(b"ftyp", b"isom"),
    # Looked for the closing tag of each opening again and again: minutes for this one.
    "xmp-unclosed": box(b"ftyp", b"isom") + box(b"uuid", XMP_UUID + b"<a:GPSx>" * 50_000),
}


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_malformed_recording_is_stored_as_it_came_without_an_error(admin_client, data):
    assert upload_in_admin(admin_client, data).status_code == 302

    media = ArchiveMedia.objects.get(title="Fictional interview")
    assert stored(media) == data
    assert media.sha256 == hashlib.sha256(data).hexdigest()


def test_a_keys_box_that_cannot_be_read_blanks_its_whole_meta():
    lying = box(b"meta", full_box(b"hdlr", bytes(20)) + full_box(b"keys", b"\xff" * 12))
    media = save_recording(box(b"ftyp", b"isom") + box(b"moov", lying))

    assert stored(media) == box(b"ftyp", b"isom") + box(b"moov", blanked(lying))


@pytest.mark.parametrize(
    "name, data",
    [
        ("testimony.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + SOUND),
        ("testimony.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + SOUND),
        ("testimony.webm", b"\x1a\x45\xdf\xa3" + SOUND + ISO6709),
    ],
)
def test_recordings_that_are_not_iso_media_are_stored_as_they_came(name, data):
    media = save_recording(data, name=name)

    assert stored(media) == data


def ffprobe_tags(path) -> dict:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_format", str(path)],
        capture_output=True,
        check=True,
        text=True,
    )
    return json.loads(probe.stdout)["format"]["tags"]


@pytest.mark.skipif(not shutil.which("ffprobe"), reason="ffprobe is not installed")
def test_ffprobe_reads_the_blanked_recording_with_everything_but_its_place(media_root, tmp_path):
    source = tmp_path / "camera.mov"
    source.write_bytes(recording_bytes())
    media = save_recording(recording_bytes())

    before, after = ffprobe_tags(source), ffprobe_tags(media_root / media.file.name)
    assert before["location"] == before["com.apple.quicktime.location.ISO6709"] == ISO6709.decode()
    assert after == {
        name: value
        for name, value in before.items()
        if not name.startswith(("location", "com.apple.quicktime.location"))
    }


def test_a_missing_stored_file_is_left_to_the_fixity_check(media_root):
    media = save_recording(recording_bytes())
    (media_root / media.file.name).unlink()
    media.sha256 = ""

    media.save()  # no error

    assert media.sha256 == ""


@pytest.mark.parametrize("chunk", [1, 7, 64, 1000])
def test_the_blanked_bytes_are_known_chunk_by_chunk_before_they_are_written(chunk):
    data = recording_bytes()
    planned = writes(find_locations(io.BytesIO(data), len(data)))

    pieces = [
        blanked_chunk(data[at : at + chunk], at, planned) for at in range(0, len(data), chunk)
    ]

    assert b"".join(pieces) == recording_bytes(blank=True)


def test_a_recording_replaced_through_its_file_field_is_blanked_and_hashed_again(media_root):
    media = save_recording(AUDIO_WITHOUT_PLACE, name="first.mp3")

    media.file.save("second.mov", ContentFile(recording_bytes()))  # saves the row too

    media.refresh_from_db()
    assert stored(media) == recording_bytes(blank=True)
    assert media.sha256 == hashlib.sha256(stored(media)).hexdigest()
