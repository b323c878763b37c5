"""manage.py verify_fixity — re-hash stored originals and log a FixityCheck for each."""

import time

from django.core.management.base import BaseCommand, CommandError

from memorial.records.models import FixityCheck
from memorial.records.preservation.fixity import check_fixity

Outcome = FixityCheck.Outcome


class Command(BaseCommand):
    help = (
        "Re-hash every stored image, audio/video original and document (read through its "
        "storage, so local disk and S3 alike) and compare it with the SHA-256 recorded at "
        "upload. Each file checked is logged as a FixityCheck (ok, changed, missing, "
        "unrecorded). Changed and missing files are listed on stderr, and the command then "
        "exits non-zero, so a scheduler can alert someone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            choices=[choice.value for choice in FixityCheck.Kind],
            help="Only images, only audio/video files or only documents (default: all).",
        )
        parser.add_argument(
            "--record-missing-checksums",
            action="store_true",
            help="For files with no recorded checksum, record the one computed now. They "
            "are still logged as 'unrecorded' this time; later runs check them.",
        )
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="Print nothing but problems (on stderr).",
        )

    def handle(self, *args, kind, record_missing_checksums, quiet, verbosity, **options):
        quiet = quiet or verbosity == 0
        say = (lambda message: None) if quiet else self.stdout.write
        started = time.monotonic()
        report = check_fixity(
            [kind] if kind else list(FixityCheck.Kind),
            record_missing_checksums=record_missing_checksums,
            on_problem=self.write_problem,
            progress=say,
        )
        summary = ", ".join(f"{report.counts[outcome]} {outcome.value}" for outcome in Outcome)
        say(f"Checked {report.total} files in {time.monotonic() - started:.1f} s: {summary}.")
        if report.counts[Outcome.UNRECORDED]:
            if report.checksums_recorded:
                say(f"Recorded a checksum for {report.checksums_recorded} file(s).")
            else:
                say(
                    "Files without a recorded checksum cannot be verified; run with "
                    "--record-missing-checksums to record one now."
                )
        if report.failed:
            raise CommandError(
                f"Fixity check failed: {report.counts[Outcome.CHANGED]} changed, "
                f"{report.counts[Outcome.MISSING]} missing. Restore them from a preservation "
                "copy (e.g. a bag made by export_bag)."
            )
        if not quiet:
            self.stdout.write(self.style.SUCCESS("No file has changed or gone missing."))

    def write_problem(self, check: FixityCheck) -> None:
        detail = ""
        if check.outcome == Outcome.CHANGED:
            detail = f" (expected {check.expected_sha256}, found {check.observed_sha256})"
        self.stderr.write(
            f"{check.outcome.upper()}: {check.kind} {check.object_id} "
            f"{check.path or '(no file name)'}{detail}"
        )
