"""Fixity: re-hash every stored original and compare it with the checksum taken at ingest.

Each file checked leaves one `FixityCheck` row (written in batches), so the admin and
later audits can see when a file was last known to be intact.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from memorial.core.checksums import sha256_of_file
from memorial.core.models import ArchiveImage, ArchiveMedia

from ..models import FixityCheck
from .document_checksums import Document, record_if_missing, with_recorded_checksums

Kind = FixityCheck.Kind
Outcome = FixityCheck.Outcome
MODELS = {Kind.IMAGE: ArchiveImage, Kind.MEDIA: ArchiveMedia, Kind.DOCUMENT: Document}
# Images keep width and height: an ImageField reads them as each row loads (a query each
# if they were deferred).
FIELDS = {
    Kind.IMAGE: ("file", "sha256", "width", "height"),
    Kind.MEDIA: ("file", "sha256"),
    Kind.DOCUMENT: ("file",),  # its checksum is another table's (with_recorded_checksums)
}
BATCH = 500


@dataclass
class FixityReport:
    counts: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)  # FixityCheck rows: changed or missing
    checksums_recorded: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.counts[Outcome.CHANGED] or self.counts[Outcome.MISSING])

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def check_file(kind: str, obj) -> FixityCheck:
    """One original against its recorded SHA-256. Reads through the field's storage."""
    check = FixityCheck(
        kind=kind, object_id=obj.pk, path=obj.file.name[:500], expected_sha256=obj.sha256 or ""
    )
    if not obj.file.name:
        check.outcome = Outcome.MISSING
        return check
    try:
        with obj.file.storage.open(obj.file.name, "rb") as handle:
            check.observed_sha256 = sha256_of_file(handle)
    except OSError:
        check.outcome = Outcome.MISSING
        return check
    if not check.expected_sha256:
        check.outcome = Outcome.UNRECORDED
    elif check.observed_sha256 == check.expected_sha256:
        check.outcome = Outcome.OK
    else:
        check.outcome = Outcome.CHANGED
    return check


def stored_files(kind: str) -> Iterable:
    files = MODELS[kind].objects.only(*FIELDS[kind])
    if kind == Kind.DOCUMENT:
        files = with_recorded_checksums(files)
    return files.order_by("pk").iterator(chunk_size=BATCH)


def record_missing_checksum(kind: str, obj, sha256: str) -> int:
    """Only where nobody recorded one in the meantime; 1 if recorded, else 0."""
    if kind == Kind.DOCUMENT:
        return int(record_if_missing(obj, sha256))
    return MODELS[kind].objects.filter(pk=obj.pk, sha256="").update(sha256=sha256)


def check_fixity(
    kinds: Iterable[str] = tuple(Kind),
    *,
    record_missing_checksums: bool = False,
    on_problem: Callable[[FixityCheck], None] = lambda check: None,
    progress: Callable[[str], None] = lambda message: None,
    progress_every: int = 500,
) -> FixityReport:
    """Check every stored original of the given kinds; returns counts and the problems."""
    report = FixityReport()
    for kind in kinds:
        model = MODELS[kind]
        total = model.objects.count()
        progress(f"Checking {total} {model._meta.verbose_name_plural}…")
        pending = []
        for done, obj in enumerate(stored_files(kind), start=1):
            check = check_file(kind, obj)
            report.counts[check.outcome] += 1
            if check.outcome in (Outcome.CHANGED, Outcome.MISSING):
                report.problems.append(check)
                on_problem(check)
            elif check.outcome == Outcome.UNRECORDED and record_missing_checksums:
                # The check row keeps the truth of this run ("unrecorded"); the next run
                # compares against the new checksum.
                report.checksums_recorded += record_missing_checksum(
                    kind, obj, check.observed_sha256
                )
            pending.append(check)
            if len(pending) >= BATCH:
                FixityCheck.objects.bulk_create(pending)
                pending = []
            if done % progress_every == 0:
                progress(f"  {done} of {total}")
        FixityCheck.objects.bulk_create(pending)
    return report
