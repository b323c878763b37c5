"""What the records app keeps: import jobs for the admin, documents' checksums and the
fixity log."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from wagtail.documents import get_document_model_string


def import_storage():
    """Import files hold unpublished data: kept outside MEDIA_ROOT, never served."""
    return FileSystemStorage(location=settings.PRIVATE_FILES_ROOT / "imports")


class ImportJob(models.Model):
    """One upload of a CSV or JSON Lines file, from validation to import."""

    class Status(models.TextChoices):
        VALIDATED = "validated", "Validated, waiting for confirmation"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    file = models.FileField(
        upload_to="%Y/%m/", storage=import_storage, help_text="The uploaded file, kept as sent."
    )
    original_name = models.CharField(max_length=255)
    default_collection = models.SlugField(
        blank=True, help_text="Collection (slug) for rows that do not name one."
    )
    update_existing = models.BooleanField(
        default=False, help_text="Update entries whose id already exists, instead of skipping them."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VALIDATED)
    validation_report = models.JSONField(default=dict, blank=True)
    import_report = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"


class DocumentChecksum(models.Model):
    """The SHA-256 of a document's file, recorded when the file was new: Wagtail's document
    model has no field for it (images and recordings keep theirs on their own row).

    Written by memorial.records.preservation.document_checksums; checked by verify_fixity.
    """

    document = models.OneToOneField(
        get_document_model_string(),
        on_delete=models.CASCADE,
        related_name="fixity_checksum",
    )
    # The file the checksum is of: a document given another file gets a new checksum.
    path = models.CharField(max_length=500)
    sha256 = models.CharField("SHA-256", max_length=64)
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"document {self.document_id}: {self.sha256}"


class FixityCheck(models.Model):
    """One verification of one stored original against the checksum recorded at ingest."""

    class Kind(models.TextChoices):
        IMAGE = "image", "Image"
        MEDIA = "media", "Audio or video"
        DOCUMENT = "document", "Document"

    class Outcome(models.TextChoices):
        OK = "ok", "Unchanged"
        CHANGED = "changed", "Content changed"
        MISSING = "missing", "File missing"
        UNRECORDED = "unrecorded", "No checksum recorded at ingest"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    path = models.CharField(max_length=500)
    expected_sha256 = models.CharField(max_length=64, blank=True)
    observed_sha256 = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    checked_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-checked_at"]
        indexes = [models.Index(fields=["kind", "object_id", "-checked_at"])]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.outcome}"


class HarvestedRecord(models.Model):
    """A record OAI-PMH has offered to harvesters, and since when it is withdrawn, if it is.

    Harvesters keep what they copied. When a record stops being public (consent withdrawn,
    unpublished, closed, deleted) OAI-PMH reports it deleted from `withdrawn_at` on, so that
    they drop it too (memorial.records.oai.withdrawals). Only records an OAI-PMH answer
    named, while public, are here (with the people its testimonies' relations named, whose
    closing changes those testimonies: memorial.records.oai.mentions): a record that never
    was public is never named.
    """

    kind = models.CharField(max_length=20)  # memorial.records.oai.repository.KINDS
    page_id = models.PositiveIntegerField()  # not a foreign key: it outlives the page
    # A join from pages to their rows for datestamps (memorial.records.oai.repository): no
    # column and no constraint of its own.
    page = models.ForeignObject(
        "wagtailcore.Page",
        on_delete=models.DO_NOTHING,
        from_fields=["page_id"],
        to_fields=["id"],
        related_name="+",
        related_query_name="harvest_ledger",
        null=True,
        serialize=False,  # the page may be gone; page_id is what a backup keeps
    )
    local_id = models.CharField(max_length=64)  # as in the OAI identifier
    collection = models.SlugField(max_length=255, blank=True)  # an entry's collection set
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # When it became public again, or its metadata changed (a place it names renamed, a person
    # it mentions closed), without a new publication (memorial.records.oai.openings,
    # .renamings, .mentions): its datestamp is this, if later than its publication, so
    # incremental harvests fetch it.
    reopened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "page_id"], name="unique_harvested_record")
        ]
        indexes = [
            models.Index(fields=["kind", "local_id"], name="harvested_local_id_idx"),
            models.Index(fields=["withdrawn_at", "page_id"], name="harvested_withdrawn_idx"),
        ]

    def __str__(self):
        return f"{self.kind}/{self.local_id}"


class HarvestDatestamp(models.Model):
    """A record's OAI-PMH datestamp, kept as a column so that a harvest page is read from an
    index in (datestamp, page id) order: one row per page of a harvested kind, public or not
    (which pages may be named is decided when reading, by `public_pages()`).

    Always equal to what memorial.records.oai.datestamps.computed_datestamps says from the
    page's publication, its embargo and its ledger row's `reopened_at`: every change to one of
    those stores it again (memorial.records.oai.datestamps).
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        related_query_name="harvest_datestamp",
    )
    kind = models.CharField(max_length=20)  # memorial.records.oai.repository.KINDS
    datestamp = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["kind", "datestamp", "page"], name="harvest_datestamp_idx"),
        ]

    def __str__(self):
        return f"{self.kind}/{self.page_id} at {self.datestamp:%Y-%m-%d %H:%M:%S}"


class OpenedSection(models.Model):
    """A part of the page tree that may have become public without any page in it being
    published: its view restriction was removed, or it was moved to another parent.

    Waits here until the OAI-PMH ledger dates the public records in it from `opened_at`
    (memorial.records.oai.openings); then it is deleted.
    """

    # The page at the top of the section; not a foreign key, as the section may be opened by
    # the deletion of its own page. Not its path either: moves among siblings change that.
    page_id = models.PositiveIntegerField()
    opened_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"page {self.page_id} opened {self.opened_at:%Y-%m-%d %H:%M}"


class SetDeparture(models.Model):
    """A record OAI-PMH offered in a collection's set that has since left it (moved to another
    collection, or its collection given a new slug) while staying public.

    A harvester of that set alone would keep it for ever: the set's lists report it deleted
    from `left_at` on, in that set only (memorial.records.oai.departures). Forgotten when the
    record is in that collection again.
    """

    kind = models.CharField(max_length=20)  # memorial.records.oai.repository.KINDS
    page_id = models.PositiveIntegerField()  # not a foreign key: it outlives the page
    local_id = models.CharField(max_length=64)  # as in the OAI identifier
    collection = models.SlugField(max_length=255)  # the collection's set it left
    left_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "page_id", "collection"], name="unique_set_departure"
            )
        ]
        indexes = [
            models.Index(fields=["collection", "left_at", "page_id"], name="set_departure_idx")
        ]

    def __str__(self):
        return f"{self.kind}/{self.local_id} left {self.collection}"
