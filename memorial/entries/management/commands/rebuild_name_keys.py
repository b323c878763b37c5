"""Recompute every entry's match keys, e.g. after the transliteration rules change."""

from django.core.management.base import BaseCommand, CommandError

from memorial.core.changes import mark_archive_changed
from memorial.core.progress import Progress
from memorial.entries.models import MemorialEntryPage
from memorial.entries.models.name_keys import refresh_name_keys


class Command(BaseCommand):
    help = (
        "Rebuild the name-matching keys of all entries (or of --identifier ones). "
        "Safe to run at any time and to run again; searches keep working meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--identifier", action="append", default=[], help="Only this entry (repeatable)."
        )

    def handle(self, *args, batch_size, identifier, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        # The published names, not a newer draft: the keys serve the public search.
        entries = MemorialEntryPage.objects.order_by("pk")
        if identifier:
            entries = entries.filter(identifier__in=identifier)
        total = entries.count()
        progress = Progress(self.stdout, "Keying names")
        done = keys = 0
        last_pk = 0
        while batch := list(
            entries.filter(pk__gt=last_pk).prefetch_related("name_variants")[:batch_size]
        ):
            keys += refresh_name_keys(batch, announce=False)  # marked changed once, below
            done += len(batch)
            last_pk = batch[-1].pk
            progress.update(done, total)
        progress.finish()
        mark_archive_changed()
        self.stdout.write(self.style.SUCCESS(f"{keys:,} keys for {done:,} entries."))
