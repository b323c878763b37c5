from django.core.management.base import BaseCommand, CommandError

from memorial.core.files.recordings import (
    SCRUB_ERRORS,
    digests_before_and_after,
    locations_in_stored,
    scrub_recording,
)
from memorial.core.models import ArchiveMedia

PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = (
        "Blank the place a recording was made (GPS position in MP4, MOV, M4A and 3GP files) in "
        "the audio and video stored before uploads were blanked, and record their new "
        "checksums. Run it once after upgrading; running it again changes nothing. Only box "
        "headers are read of a recording with no place; one with a place is read whole once, "
        "before it is changed (its checksum is checked and its new one worked out). A file "
        "that no longer matches its checksum is left for the fixity check."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the recordings that name a place."
        )

    def handle(self, *args, dry_run=False, **options):
        recordings = ArchiveMedia.objects.exclude(file="").order_by("pk")
        total = recordings.count()
        blanked = failed = 0
        for number, media in enumerate(recordings.iterator(chunk_size=200), start=1):
            outcome = self.scrub(media, dry_run)
            blanked += outcome is True
            failed += outcome is None
            if number % PROGRESS_EVERY == 0 or number == total:
                self.stdout.write(f"Checked {number}/{total} recordings.")
        verb = "would be blanked" if dry_run else "blanked"
        self.stdout.write(
            self.style.SUCCESS(f"{blanked} of {total} recordings named a place: {verb}.")
        )
        if failed:
            raise CommandError(f"{failed} recordings could not be checked (listed above).")

    def scrub(self, media, dry_run) -> bool | None:
        """True when the recording named a place, None when it could not be checked."""
        label = f"media {media.pk} {media.file.name}"
        try:
            findings = locations_in_stored(media.file)
            if not findings:
                return False
            if dry_run:
                self.stdout.write(f"Would blank the place in {label}")
                return True
            # Read once, before any change: a run stopped while reading changed nothing.
            before, after = digests_before_and_after(media.file, findings)
            if media.sha256 and before != media.sha256:
                self.stderr.write(f"CHANGED: {label} does not match its checksum; not touched")
                return None
            if not scrub_recording(media.file):
                self.stderr.write(f"FAILED: {label} could not be blanked (see the log)")
                return None
            media.sha256 = after
        except SCRUB_ERRORS as error:
            self.stderr.write(f"UNREADABLE: {label}: {error}")
            return None
        media.save(update_fields=["file", "sha256"])
        self.stdout.write(f"Blanked the place in {label}")
        return True
