"""manage.py load_demo — fictional demonstration content, idempotent."""

import logging
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from home.demo.builder import DemoBuilder

DEFAULT_SEED = 7
MAX_ENTRIES = 99_999  # identifiers are demo-00001 … demo-99999
# Wagtail logs every page it creates and django-tasks every task it runs: thousands of lines.
CHATTY_LOGGERS = ("wagtail", "django_tasks")


@contextmanager
def quiet(names, level=logging.WARNING):
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old in zip(loggers, previous, strict=True):
            logger.setLevel(old)


class Command(BaseCommand):
    help = (
        "Load fictional demonstration content: memorial entries, testimonies, galleries and "
        "site pages. Safe to run again: existing content is found and left alone, and a larger "
        "--entries only adds the missing people. Every name, place and picture is generated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--entries",
            type=int,
            default=120,
            help="How many fictional people to keep in the archive (default: 120).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed for new content (default: {DEFAULT_SEED}). The same seed always "
            "generates the same people, pictures and texts.",
        )

    def handle(self, *args, entries, seed, verbosity, **options):
        if not 0 <= entries <= MAX_ENTRIES:
            raise CommandError(f"--entries must be between 0 and {MAX_ENTRIES}.")
        started = time.monotonic()
        builder = DemoBuilder(seed=seed, entries=entries, progress=self.stdout.write)
        try:
            with quiet(CHATTY_LOGGERS if verbosity < 2 else ()):
                created = builder.run()
        except Exception as error:
            raise CommandError(f"Loading the demo content failed: {error}") from error
        elapsed = time.monotonic() - started
        if created:
            summary = ", ".join(f"{count} {what}" for what, count in sorted(created.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo content already complete; nothing to do."))
        self.stdout.write(f"Took {elapsed:.1f} s. All of it is fictional.")
