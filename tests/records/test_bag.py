"""export_bag: a BagIt preservation copy of the (fictional) archive."""

import datetime
import hashlib
import json
from io import StringIO
from pathlib import Path

import bagit
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from home.models import ArchiveSettings
from memorial.core.models import ArchiveMedia

from ..factories import (
    ArchiveImageFactory,
    GalleryPageFactory,
    MemorialEntryPageFactory,
    MemorialIndexPageFactory,
    NameVariantFactory,
    PlaceFactory,
    SourceFactory,
    TestimonyIndexPageFactory,
    TestimonyLanguageFactory,
    TestimonyMentionFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
    document,
    gallery_items,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export(target: Path, *args) -> str:
    out = StringIO()
    call_command("export_bag", str(target), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def read_json(bag: Path, path: str) -> dict:
    return json.loads((bag / path).read_text(encoding="utf-8"))


@pytest.fixture
def archive(home, memorial_index, testimony_index, gallery_index):
    """Two collections, a restricted entry, a draft, a testimony with a recording, a gallery."""
    other_collection = MemorialIndexPageFactory(parent=home, title="Other names", slug="other")
    portrait = ArchiveImageFactory(title="Fictional portrait")
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="Ilvana",
        family_name="Marossek",
        identifier="fict-0001",
        occupation="weaver",
        portrait=portrait,
        birth_place=PlaceFactory(name="Velmora"),
    )
    NameVariantFactory(page=entry, name="Илвана Маросек", script="Cyrl", language="ru")
    SourceFactory(page=entry, citation="Fictional parish book, p. 3")
    restricted = MemorialEntryPageFactory(
        parent=memorial_index,
        identifier="fict-0002",
        access_level="staff",
        embargo_until=datetime.date(2099, 1, 1),
    )
    draft = MemorialEntryPageFactory(parent=memorial_index, identifier="fict-0003", live=False)
    elsewhere = MemorialEntryPageFactory(
        parent=other_collection,
        identifier="fict-0004",
        portrait=ArchiveImageFactory(title="Other portrait"),
    )

    # A draft revision of a live page must not reach the bag: pages are exported as live.
    entry.occupation = "changed in a draft only"
    entry.save_revision()

    recording = ArchiveMedia(title="Fictional recording", type="audio", credit="Tests")
    recording.file.save("fictional-recording.wav", ContentFile(b"RIFF fictional tone"), save=False)
    recording.save()
    testimony = TestimonyPageFactory(
        parent=testimony_index,
        slug="account-of-a-fictional-town",
        narrator="",
        narrator_is_anonymous=True,
        media=recording,
        access_level="researchers",
    )
    TestimonyLanguageFactory(page=testimony, language="en")
    TestimonyMentionFactory(page=testimony, entry=entry, note="a neighbour")
    TranscriptSegmentFactory(page=testimony, sort_order=0, speaker="Interviewer", text="Where?")
    TranscriptSegmentFactory(
        page=testimony,
        sort_order=1,
        text="In a fictional town.",
        withheld=True,
        withheld_reason="names a living person",
    )
    # An anonymous narrator's name in a speaker label stays out of the bag, as the narrator
    # field does.
    TranscriptSegmentFactory(page=testimony, sort_order=2, speaker="Maren Oskeli", text="Yes.")

    photograph = ArchiveImageFactory(title="Fictional street")
    gallery = GalleryPageFactory(
        parent=gallery_index, slug="streets", items=gallery_items([photograph], [entry])
    )
    return {
        "entry": entry,
        "restricted": restricted,
        "draft": draft,
        "elsewhere": elsewhere,
        "portrait": portrait,
        "recording": recording,
        "testimony": testimony,
        "photograph": photograph,
        "gallery": gallery,
    }


def test_bag_is_a_valid_bagit_1_0_bag_with_sha512_manifests(archive, tmp_path):
    settings_row = ArchiveSettings.load()
    settings_row.contact_email = "archive@example.org"
    settings_row.save()
    target = tmp_path / "bag"

    output = export(target)

    bag = bagit.Bag(str(target))
    assert bag.validate()
    assert bag.version_info == (1, 0)
    assert bag.algorithms == ["sha512"]
    assert (target / "manifest-sha512.txt").exists()
    assert (target / "tagmanifest-sha512.txt").exists()
    assert not list(target.glob("manifest-md5*"))
    assert bag.info["Source-Organization"] == "Memorial & Testimony Archive"
    assert bag.info["Contact-Email"] == "archive@example.org"
    assert bag.info["Bagging-Date"]
    assert bag.info["Payload-Oxum"].endswith(f".{len(list(bag.payload_files()))}")
    assert "data/manifest.json" in bag.payload_entries()
    assert "data/README.txt" in bag.payload_entries()
    assert "Valid BagIt bag" in output
    assert "3 entries, 1 testimonies, 1 galleries, 3 images, 1 media" in output
    assert not list(tmp_path.glob(".bag.incomplete-*")), "the working directory is moved into place"


def test_altering_a_payload_file_fails_validation(archive, tmp_path):
    target = tmp_path / "bag"
    export(target)
    record = target / "data" / "entries" / "fict-0001.json"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("weaver", "Weaver"), encoding="utf-8")  # same size

    with pytest.raises(bagit.BagValidationError) as raised:
        bagit.Bag(str(target)).validate()
    assert any("fict-0001.json" in str(detail) for detail in raised.value.details)


def test_entry_document_holds_the_record_access_and_file_references(archive, tmp_path):
    target = tmp_path / "bag"
    export(target)

    document = read_json(target, "data/entries/fict-0001.json")
    record = document["record"]
    assert record["id"] == "fict-0001"
    assert record["given_name"] == "Ilvana"
    assert record["family_name"] == "Marossek"
    assert record["occupation"] == "weaver", "the live page, never a draft revision"
    assert record["name_variants"] == ["Илвана Маросек"]
    assert record["sources"] == ["Fictional parish book, p. 3"]
    assert record["birth_place"] == "Velmora, Fictional Uplands"
    assert record["collection"] == "names"
    assert record["death_date"] == "1942-05-14"
    assert document["details"]["name_variants"][0]["script"] == "Cyrl"
    assert document["access"] == {
        "access_level": "public",
        "embargo_until": None,
        "view_restricted": False,
        "public_at_export": True,
    }
    assert document["page"]["has_unpublished_changes"] is True

    portrait = archive["portrait"]
    assert document["portrait"]["id"] == portrait.pk
    copied = target / document["portrait"]["path"]
    assert copied.exists()
    assert sha256(copied) == portrait.sha256
    assert document["files"]["images"] == [document["portrait"]]

    restricted = read_json(target, "data/entries/fict-0002.json")["access"]
    assert restricted["access_level"] == "staff"
    assert restricted["embargo_until"] == "2099-01-01"
    assert restricted["public_at_export"] is False

    assert not (target / "data/entries/fict-0003.json").exists(), "drafts stay out"


def test_image_originals_are_copied_with_the_checksum_recorded_at_ingest(archive, tmp_path):
    target = tmp_path / "bag"
    export(target)

    lines = (target / "data/images.jsonl").read_text(encoding="utf-8").splitlines()
    catalogue = {row["id"]: row for row in map(json.loads, lines)}
    images = [archive["portrait"], archive["photograph"], archive["elsewhere"].portrait]
    assert set(catalogue) == {image.pk for image in images}
    for image in images:
        row = catalogue[image.pk]
        assert row["problem"] is None
        assert row["sha256_recorded"] == row["sha256_copied"] == image.sha256
        assert sha256(target / row["path"]) == image.sha256
        assert row["credit"] == "Generated for tests"


def documents_catalogue(bag: Path) -> dict:
    lines = (bag / "data/documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["id"]: row for row in map(json.loads, lines)}


def test_documents_are_copied_with_the_checksum_recorded_at_upload(archive, tmp_path, media_root):
    cited, changed = document(), document()
    SourceFactory(page=archive["entry"], document=cited)
    (media_root / changed.file.name).write_bytes(b"%PDF-1.4 altered")
    recorded = hashlib.sha256(b"%PDF-1.4 fictional").hexdigest()

    with pytest.raises(CommandError, match="could not be copied"):
        export(tmp_path / "whole")
    catalogue = documents_catalogue(tmp_path / "whole")
    assert catalogue[cited.pk]["problem"] is None
    assert catalogue[cited.pk]["sha256_recorded"] == recorded
    assert catalogue[cited.pk]["sha256_copied"] == recorded
    assert catalogue[changed.pk]["sha256_recorded"] == recorded
    assert (
        catalogue[changed.pk]["problem"] == "content differs from the checksum recorded at ingest"
    )

    export(tmp_path / "collection", "--collection", archive["entry"].get_parent().slug)
    catalogue = documents_catalogue(tmp_path / "collection")
    assert list(catalogue) == [cited.pk]
    assert catalogue[cited.pk]["sha256_recorded"] == recorded


def test_testimony_document_has_its_transcript_and_recording(archive, tmp_path):
    target = tmp_path / "bag"
    export(target)

    document = read_json(target, "data/testimonies/account-of-a-fictional-town.json")
    assert document["narrator"] is None
    assert document["narrator_is_anonymous"] is True
    assert document["languages"] == ["en"]
    assert document["mentions"] == [{"entry": "fict-0001", "note": "a neighbour"}]
    assert [(s["speaker"], s["text"]) for s in document["transcript"]] == [
        ("Interviewer", "Where?"),
        ("Narrator", "In a fictional town."),
        ("Narrator", "Yes."),
    ]
    # The bag is the staff master: a withheld passage keeps its text, marked as withheld.
    withheld = document["transcript"][1]
    assert (withheld["withheld"], withheld["withheld_reason"]) == (True, "names a living person")
    assert document["access"]["access_level"] == "researchers"
    assert document["access"]["public_at_export"] is False
    assert "fictional town" in document["summary"]["markdown"]
    recording = target / document["recording"]["path"]
    assert recording.read_bytes() == b"RIFF fictional tone"
    assert sha256(recording) == archive["recording"].sha256


def test_gallery_document_lists_photographs_and_people(archive, tmp_path):
    target = tmp_path / "bag"
    export(target)

    document = read_json(target, "data/galleries/streets.json")
    (photograph,) = document["photographs"]
    assert photograph["image"]["id"] == archive["photograph"].pk
    assert (target / photograph["image"]["path"]).exists()
    assert photograph["people"] == ["fict-0001"]
    assert photograph["alt_text"] == "Fictional scene 0"


def test_collection_bag_holds_only_that_collection_and_its_files(archive, tmp_path):
    target = tmp_path / "bag"
    export(target, "--collection", "other")

    assert bagit.Bag(str(target)).validate()
    entries = sorted(path.name for path in (target / "data/entries").iterdir())
    assert entries == ["fict-0004.json"]
    images = [path.name for path in (target / "data/images").iterdir()]
    assert images == [
        Path(read_json(target, "data/entries/fict-0004.json")["portrait"]["path"]).name
    ]
    assert not (target / "data/testimonies").exists()
    assert not (target / "data/galleries").exists()
    manifest = read_json(target, "data/manifest.json")
    assert manifest["scope"]["collection"] == "other"
    assert manifest["counts"]["entries"] == 1


def test_unknown_collection_is_refused(archive, tmp_path):
    with pytest.raises(CommandError, match="No collection 'nowhere'"):
        export(tmp_path / "bag", "--collection", "nowhere")
    assert not (tmp_path / "bag").exists()


def test_a_non_empty_directory_is_refused_and_left_alone(archive, tmp_path):
    target = tmp_path / "occupied"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")

    with pytest.raises(CommandError, match="not empty"):
        export(target)
    assert [path.name for path in target.iterdir()] == ["notes.txt"]

    empty = tmp_path / "empty"
    empty.mkdir()
    export(empty)
    assert bagit.Bag(str(empty)).validate()


def test_a_missing_original_is_reported_but_the_rest_is_preserved(archive, tmp_path):
    default_storage.delete(archive["photograph"].file.name)
    target = tmp_path / "bag"
    err = StringIO()

    with pytest.raises(CommandError, match="could not be copied"):
        call_command("export_bag", str(target), stdout=StringIO(), stderr=err)

    assert bagit.Bag(str(target)).validate()
    assert f"images {archive['photograph'].pk}" in err.getvalue()
    manifest = read_json(target, "data/manifest.json")
    assert [problem["id"] for problem in manifest["problems"]] == [archive["photograph"].pk]


def test_testimonies_sharing_a_slug_each_keep_their_own_document(home, tmp_path):
    """Slugs are unique among siblings only; the name a repeated slug is given may be
    another testimony's slug."""
    first_index = TestimonyIndexPageFactory(parent=home, slug="first-interviews")
    second_index = TestimonyIndexPageFactory(parent=home, slug="second-interviews")
    TestimonyPageFactory(parent=first_index, slug="talk", title="First talk")
    other = TestimonyPageFactory(parent=first_index, slug="later", title="Other talk")
    repeated = TestimonyPageFactory(parent=second_index, slug="talk", title="Second talk")
    other.slug = f"talk-{repeated.pk}"
    other.save()

    export(tmp_path / "bag")

    titles = sorted(
        read_json(tmp_path / "bag", f"data/testimonies/{path.name}")["title"]
        for path in (tmp_path / "bag" / "data" / "testimonies").iterdir()
    )
    assert titles == ["First talk", "Other talk", "Second talk"]


def test_queries_do_not_grow_with_the_number_of_entries(memorial_index, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    place = PlaceFactory()

    def add_entries(count):
        for _ in range(count):
            MemorialEntryPageFactory(
                parent=memorial_index,
                portrait=ArchiveImageFactory(),
                biography=[
                    {"type": "paragraph", "value": "<p>A fictional life.</p>"},
                    {
                        "type": "image",
                        "value": {"image": ArchiveImageFactory().pk, "alt_text": "A scene"},
                    },
                    {
                        "type": "event",
                        "value": {"precision": "unknown", "title": "Moved", "place": place.pk},
                    },
                ],
            )

    def queries_for_export(name):
        with CaptureQueriesContext(connection) as captured:
            export(tmp_path / name)
        return len(captured.captured_queries)

    add_entries(2)
    queries_for_export("warm-up")  # settings row and caches are made once
    few = queries_for_export("few")
    add_entries(6)
    many = queries_for_export("many")

    assert many == few
    document = read_json(
        tmp_path / "many",
        "data/entries/"
        + sorted(path.name for path in (tmp_path / "many/data/entries").iterdir())[0],
    )
    assert len(document["files"]["images"]) == 2, "portrait and biography image"
    assert all((tmp_path / "many" / ref["path"]).exists() for ref in document["files"]["images"])


def test_a_file_reference_that_is_not_an_ascii_number_is_skipped():
    from memorial.records.preservation.references import References

    found = References()
    for pk in (12, "13", "²", "١٤", True, None):
        found.add("images", pk)
    assert found.images == {12, 13}
