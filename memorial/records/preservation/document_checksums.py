"""Fixity for Wagtail's documents: the SHA-256 of each document's file, in `DocumentChecksum`.

A checksum is recorded only for a file that is new to its document (a new document, another
file, a file uploaded again under the same name) or when none is recorded yet. Hashing again
on any other save would record the bytes of a file that changed in storage as if they were
the original, and hide exactly what verify_fixity is there to find.
"""

from django.db.models import Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail.documents import get_document_model

from memorial.core.checksums import sha256_of_file

from ..models import DocumentChecksum

Document = get_document_model()
NEW_UPLOAD = "_fixity_new_upload"


def with_recorded_checksums(documents):
    """The documents with their recorded SHA-256 as `sha256` ('' when none), as images have."""
    return documents.annotate(sha256=Coalesce("fixity_checksum__sha256", Value("")))


def record_if_missing(document, sha256: str) -> bool:
    """Record `sha256` unless a checksum was recorded in the meantime; True if it was."""
    _row, created = DocumentChecksum.objects.get_or_create(
        document_id=document.pk, defaults={"sha256": sha256, "path": document.file.name}
    )
    return created


@receiver(pre_save, sender=Document)
def note_an_uploaded_file(sender, instance, raw, **kwargs):
    # The admin's edit form deletes the old file before saving the new one, which may then
    # take the same name: only here, before the field commits it, is the upload visible.
    if not raw and instance.file and not getattr(instance.file, "_committed", True):
        setattr(instance, NEW_UPLOAD, True)


@receiver(post_save, sender=Document)
def record_checksum_of_a_new_file(sender, instance, created, raw, **kwargs):
    if raw:
        return  # loaddata and restore: the rows come with their checksums
    uploaded = instance.__dict__.pop(NEW_UPLOAD, False)
    name = instance.file.name
    if not name:
        return
    if not (created or uploaded):
        recorded = DocumentChecksum.objects.filter(document_id=instance.pk).first()
        if recorded is not None and recorded.path == name:
            return
    try:
        with instance.file.storage.open(name, "rb") as handle:
            sha256 = sha256_of_file(handle)
    except OSError:
        return  # a missing file is for the fixity check to report, not for save to hide
    DocumentChecksum.objects.update_or_create(
        document_id=instance.pk, defaults={"sha256": sha256, "path": name}
    )
