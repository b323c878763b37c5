"""Documents (scans of sources) get a SHA-256 at upload, and verify_fixity checks it."""

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Collection

from memorial.records.models import DocumentChecksum, FixityCheck

from ..factories import document

pytestmark = pytest.mark.django_db
Outcome = FixityCheck.Outcome
SCAN = b"%PDF-1.4 fictional"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recorded(doc) -> str:
    return DocumentChecksum.objects.get(document=doc).sha256


def verify(*args):
    out, err = StringIO(), StringIO()
    error = None
    try:
        call_command("verify_fixity", "--kind", "document", *args, stdout=out, stderr=err)
    except CommandError as raised:
        error = raised
    return error, out.getvalue(), err.getvalue()


def outcomes():
    return {c.object_id: c.outcome for c in FixityCheck.objects.filter(kind="document")}


def test_a_new_document_gets_the_checksum_of_its_file():
    doc = document()

    row = DocumentChecksum.objects.get(document=doc)
    assert row.sha256 == sha256(SCAN)
    assert row.path == doc.file.name


def test_saving_a_document_again_keeps_the_checksum_of_the_original(media_root):
    doc = document()
    (media_root / doc.file.name).write_bytes(b"damaged in storage")

    doc.title = "Fictional register scan, page 2"
    doc.save()

    assert recorded(doc) == sha256(SCAN)


def test_another_file_gets_a_new_checksum():
    doc = document()

    doc.file.save("register-rescanned.pdf", ContentFile(b"%PDF-1.4 rescanned"))

    assert recorded(doc) == sha256(b"%PDF-1.4 rescanned")
    assert DocumentChecksum.objects.get(document=doc).path == doc.file.name
    assert DocumentChecksum.objects.count() == 1


def test_a_file_replaced_in_the_admin_under_the_same_name_gets_a_new_checksum(admin_client):
    doc = document()
    name = doc.file.name

    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[doc.pk]),
        {
            "title": doc.title,
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("register.pdf", b"%PDF-1.4 corrected scan"),
        },
    )

    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.file.name == name, "the old file is deleted first, so the name is free again"
    assert recorded(doc) == sha256(b"%PDF-1.4 corrected scan")


def test_the_checksum_goes_with_its_document():
    doc = document()

    doc.delete()

    assert not DocumentChecksum.objects.exists()


def test_intact_documents_pass():
    docs = [document(), document()]

    error, out, err = verify()

    assert error is None and err == ""
    assert "2 ok, 0 changed, 0 missing, 0 unrecorded" in out
    assert outcomes() == {doc.pk: Outcome.OK for doc in docs}
    check = FixityCheck.objects.get(object_id=docs[0].pk)
    assert check.path == docs[0].file.name
    assert check.expected_sha256 == check.observed_sha256 == sha256(SCAN)


def test_a_changed_a_truncated_and_a_missing_document_are_each_reported(media_root):
    intact, changed, truncated, missing = (document() for _ in range(4))
    (media_root / changed.file.name).write_bytes(b"%PDF-1.4 fictionaL")
    (media_root / truncated.file.name).write_bytes(SCAN[:8])
    default_storage.delete(missing.file.name)

    error, _out, err = verify()

    assert error is not None and "2 changed, 1 missing" in str(error)
    assert f"CHANGED: document {changed.pk} {changed.file.name}" in err
    assert f"CHANGED: document {truncated.pk} {truncated.file.name}" in err
    assert f"MISSING: document {missing.pk} {missing.file.name}" in err
    assert len(err.splitlines()) == 3 and intact.file.name not in err
    assert outcomes() == {
        intact.pk: Outcome.OK,
        changed.pk: Outcome.CHANGED,
        truncated.pk: Outcome.CHANGED,
        missing.pk: Outcome.MISSING,
    }
    row = FixityCheck.objects.get(object_id=truncated.pk, kind="document")
    assert row.expected_sha256 == sha256(SCAN) != row.observed_sha256 == sha256(SCAN[:8])


def test_documents_uploaded_before_checksums_get_one_recorded_once(media_root):
    old, recent = document(), document()
    DocumentChecksum.objects.filter(document=old).delete()  # as before this change

    error, out, _err = verify()
    assert error is None and "1 unrecorded" in out
    assert outcomes() == {old.pk: Outcome.UNRECORDED, recent.pk: Outcome.OK}
    assert not DocumentChecksum.objects.filter(document=old).exists()

    error, out, _err = verify("--record-missing-checksums")
    assert error is None
    assert "Recorded a checksum for 1 file(s)." in out
    assert recorded(old) == sha256(SCAN)
    assert DocumentChecksum.objects.get(document=old).path == old.file.name

    error, out, _err = verify("--record-missing-checksums")
    assert error is None and "0 unrecorded" in out and "Recorded" not in out
    assert DocumentChecksum.objects.count() == 2

    (media_root / old.file.name).write_bytes(b"changed later")
    error, _out, err = verify()
    assert f"CHANGED: document {old.pk}" in err


def test_all_kinds_are_checked_by_default():
    doc = document()

    call_command("verify_fixity", stdout=StringIO(), stderr=StringIO())

    assert outcomes() == {doc.pk: Outcome.OK}


def test_queries_do_not_grow_with_the_number_of_documents():
    def queries_for_check():
        with CaptureQueriesContext(connection) as captured:
            verify()
        return len(captured.captured_queries)

    document()
    few = queries_for_check()
    for _ in range(4):
        document()
    assert queries_for_check() == few
