"""manage.py export_bag DIR [--collection SLUG] — a BagIt preservation copy of the archive."""

import logging
import time
from contextlib import contextmanager

import bagit
from django.core.management.base import BaseCommand, CommandError

from memorial.entries.models import MemorialIndexPage
from memorial.records.preservation.export import BagTargetError, write_bag


@contextmanager
def quiet_logger(name: str, enabled: bool):
    """bagit logs a line per file it hashes: thousands of lines on a real archive."""
    logger = logging.getLogger(name)
    previous = logger.level
    if enabled:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(previous)


def megabytes(octets: int) -> str:
    return f"{octets / 1_000_000:.1f} MB"


class Command(BaseCommand):
    help = (
        "Write a BagIt 1.0 bag (SHA-512 manifests) of the archive into DIR, a new or empty "
        "directory: one JSON file per memorial entry, testimony (with its transcript) and "
        "gallery, the original image, audio/video and document files, catalogues of those "
        "files with their recorded checksums, and data/README.txt describing the layout. "
        "A bag is the archive's own preservation copy, not a publication: it holds every live "
        "page, including those restricted to researchers or staff, under embargo or behind a "
        "view restriction, and marks each record's access (access_level, embargo_until, "
        "public_at_export) so nothing is lost and nothing is mistaken for public. Unpublished "
        "drafts are left out: pages are written as they are live. With --collection, only "
        "that collection's entries and the files they use (testimonies and galleries are in "
        "full bags only). The finished bag is validated with the bagit library; the command "
        "fails if it is invalid or if an original could not be copied unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Where to write the bag.")
        parser.add_argument(
            "--collection",
            metavar="SLUG",
            help="Only this memorial collection (the slug of its page).",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Processes for validating the finished bag (default: 1).",
        )

    def handle(self, *args, directory, collection, processes, verbosity, **options):
        index = self.find_collection(collection) if collection else None
        say = self.stdout.write if verbosity >= 1 else (lambda message: None)
        started = time.monotonic()
        try:
            result = write_bag(directory, index, progress=say)
        except BagTargetError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Could not write the bag: {error}") from error
        counts = ", ".join(f"{value} {name}" for name, value in result.counts.items())
        say(
            f"Bag written to {result.path} in {time.monotonic() - started:.1f} s: {counts}; "
            f"{result.payload_files} payload files, {megabytes(result.payload_bytes)}."
        )

        validating = time.monotonic()
        try:
            with quiet_logger("bagit", enabled=verbosity < 2):
                bagit.Bag(str(result.path)).validate(processes=max(1, processes))
        except bagit.BagError as error:
            details = "; ".join(str(detail) for detail in getattr(error, "details", [])[:20])
            raise CommandError(
                f"The bag at {result.path} is NOT valid: {error} {details}".strip()
            ) from error
        say(
            self.style.SUCCESS(
                f"Valid BagIt bag: {result.payload_files} payload files checked against their "
                f"SHA-512 in {time.monotonic() - validating:.1f} s."
            )
        )

        if result.problems:
            for problem in result.problems:
                self.stderr.write(
                    f"{problem['kind']} {problem['id']} ({problem['stored_name'] or 'no file'}): "
                    f"{problem['problem']}"
                )
            raise CommandError(
                f"{len(result.problems)} original file(s) could not be copied unchanged; they "
                "are listed in data/manifest.json. Run verify_fixity and restore them from "
                "another copy."
            )

    def find_collection(self, slug: str):
        matches = list(MemorialIndexPage.collections().filter(slug=slug))
        if len(matches) == 1:
            return matches[0]
        known = ", ".join(
            MemorialIndexPage.collections().order_by("slug").values_list("slug", flat=True)
        )
        if not matches:
            raise CommandError(f"No collection '{slug}'. Collections: {known or 'none'}.")
        raise CommandError(f"More than one collection has the slug '{slug}'.")
