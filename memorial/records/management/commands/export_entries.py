from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from memorial.entries.models import MemorialIndexPage
from memorial.records.exporting import iter_records, write_csv, write_jsonl


class Command(BaseCommand):
    help = (
        "Export memorial entries as CSV or JSON Lines, in the format import_entries reads. "
        "Only public entries are exported unless --include-restricted is given. Biographies "
        "travel as Markdown text; pictures and other blocks in them stay in the archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        parser.add_argument("--collection", default="", help="Only this collection (its slug).")
        parser.add_argument(
            "--include-restricted",
            action="store_true",
            help="Also export drafts, private, staff-only and embargoed entries (for staff).",
        )
        parser.add_argument("--output", "-o", default="-", help="File to write; '-' for stdout.")

    def handle(self, *args, format, collection, include_restricted, output, **options):
        if collection and not MemorialIndexPage.collections().filter(slug=collection).exists():
            raise CommandError(f"No memorial collection has the slug {collection!r}.")
        records = iter_records(collection, include_restricted)
        writer = write_csv if format == "csv" else write_jsonl
        if output == "-":
            self.stdout.ending = ""  # the writers end their own lines
            count = writer(records, self.stdout)
        else:
            try:
                with Path(output).open("w", encoding="utf-8", newline="") as stream:
                    count = writer(records, stream)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error}") from error
        self.stderr.write(f"Exported {count:,} entries.")
