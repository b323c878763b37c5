from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from memorial.testimonies.transcripts import (
    FORMAT_NAMES,
    MAX_FILE_BYTES,
    TranscriptError,
    format_from_name,
    parse_transcript,
)
from memorial.testimonies.transcripts.saving import (
    ConsentWithdrawn,
    TranscriptExists,
    WithheldWouldBePublished,
    replace_transcript,
)

from ._transcript_page import get_testimony


class Command(BaseCommand):
    help = (
        "Import a testimony's transcript from a WebVTT (.vtt) or SubRip (.srt) file, as a new "
        "revision of the page (a draft unless --publish). The whole file is checked first; "
        "a file with any problem is rejected with every problem listed by line number. "
        "Times are stored in whole seconds: starts rounded down, ends rounded up."
    )

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int, help="The testimony's page id.")
        parser.add_argument("file", help="Path to a .vtt or .srt file (UTF-8).")
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=sorted(FORMAT_NAMES),
            help="The file's format; by default taken from its extension.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace an existing transcript. This drops each passage's keywords, "
            "people, places and withheld flags (so a transcript with withheld passages is "
            "not replaced and published at once).",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the new revision at once instead of saving it as a draft.",
        )

    def handle(self, *args, page_id, file, fmt, replace, publish, **options):
        page = get_testimony(page_id)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        fmt = fmt or format_from_name(path.name)
        if fmt is None:
            raise CommandError(
                f"{path.name}: cannot tell the format from the extension; use a .vtt or "
                ".srt file or give --format vtt|srt."
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        try:
            cues = parse_transcript(data, fmt)
        except TranscriptError as problem:
            for message in problem.messages():
                self.stderr.write(f"{path.name}: {message}")
            raise CommandError(
                f"{path.name} was not imported: {len(problem.errors) + problem.more} "
                f"problem(s) in the {FORMAT_NAMES[fmt]} file, the first: {problem.errors[0]}"
            ) from problem
        try:
            revision = replace_transcript(page, cues, replace=replace, publish=publish)
        except TranscriptExists as exists:
            raise CommandError(
                f"{exists} Nothing was changed; give --replace to replace it."
            ) from exists
        except (ConsentWithdrawn, WithheldWouldBePublished) as refused:
            raise CommandError(f"{refused} Nothing was changed.") from refused
        except TranscriptError as problem:  # speakers an anonymous narrator's page refuses
            for message in problem.messages():
                self.stderr.write(f"{path.name}: {message}")
            raise CommandError(
                f"{path.name} was not imported: the narrator is anonymous, and "
                f"{len(problem.errors) + problem.more} speaker label(s) in it are not roles, "
                f"the first: {problem.errors[0]}"
            ) from problem
        state = "published" if publish else "saved as a draft revision; review and publish it"
        self.stdout.write(
            f"{len(cues)} passage(s) imported into “{page.title}” (page {page.pk}), "
            f"{state} (revision {revision.pk})."
        )
