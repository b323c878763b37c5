from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from memorial.core.progress import Progress
from memorial.records.ingest import EntryImporter
from memorial.records.ingest.readers import FileProblem

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Import memorial entries from a CSV (UTF-8, header row) or JSON Lines file. The whole "
        "file is checked first; every bad row is reported with its line number and the good "
        "rows are imported. Rows whose id already exists are skipped (or updated with "
        "--update), so an interrupted import can simply be run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .csv or .jsonl file.")
        parser.add_argument(
            "--collection",
            default="",
            help="Slug of the memorial collection for rows that do not name one.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Update published entries whose id exists and whose data changed (as new "
            "published revisions); drafts and entries with unpublished changes are left alone.",
        )
        parser.add_argument("--batch-size", type=int, default=1000, help="Rows per transaction.")

    def handle(self, *args, file, collection, dry_run, update, batch_size, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        progress = Progress(self.stdout, "Importing")
        importer = EntryImporter(
            path,
            default_collection=collection,
            update=update,
            dry_run=dry_run,
            batch_size=batch_size,
            on_progress=progress.update,
        )
        if collection and collection not in importer.collections:
            raise CommandError(f"No memorial collection has the slug {collection!r}.")
        self.stdout.write(f"Checking {path.name} …")
        try:
            report = importer.run()
        except FileProblem as problem:
            raise CommandError(f"{path.name}: {problem}") from problem
        progress.finish()
        self._report(report, dry_run)
        if report.error_count:
            raise CommandError(
                f"{report.error_count} row(s) could not be imported; the other rows were"
                f"{' checked' if dry_run else ' imported'}."
            )

    def _report(self, report, dry_run):
        for error in report.errors[:SHOWN_ERRORS]:
            label = f" (id {error.identifier})" if error.identifier else ""
            self.stderr.write(f"line {error.line}{label}: {error.message}")
        if report.error_count > SHOWN_ERRORS:
            self.stderr.write(f"… and {report.error_count - SHOWN_ERRORS} more rows with errors.")
        for warning in report.warnings[:SHOWN_ERRORS]:
            self.stderr.write(f"warning: {warning}")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{report.rows:,} rows read, {report.valid:,} valid, {report.error_count:,} with "
            f"errors. {report.created:,} entries {verb} created, {report.updated:,} updated, "
            f"{report.unchanged:,} already present and left as they are."
        )
        if not dry_run and report.seconds and report.created:
            self.stdout.write(f"{report.created / report.seconds:,.0f} entries/s.")
