from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from memorial.testimonies.transcripts import write_webvtt

from ._transcript_page import get_testimony


class Command(BaseCommand):
    help = (
        "Write a testimony's transcript as WebVTT. By default the public text (withheld "
        "passages read '[passage withheld]'); --master writes the full text for staff and "
        "preservation. Passages without a start time are written as NOTE blocks."
    )

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int, help="The testimony's page id.")
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--master",
            action="store_true",
            help="The full text, withheld passages included. Not for publication.",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Export the latest revision (which may be an unpublished draft) instead "
            "of the published page.",
        )

    def handle(self, *args, page_id, output, master, draft, **options):
        page = get_testimony(page_id)
        if draft:
            page = page.get_latest_revision_as_object()
        segments = list(page.segments.all())
        vtt = write_webvtt(segments, master=master, testimony=page)
        if output:
            path = Path(output)
            try:
                path.write_text(vtt, encoding="utf-8")
            except OSError as problem:
                raise CommandError(f"Cannot write {path}: {problem}") from problem
            self.stdout.write(
                f"{len(segments)} passage(s) of “{page.title}” written to {path}"
                f"{' (master: full text, withheld passages included)' if master else ''}."
            )
        else:
            self.stdout.write(vtt, ending="")
