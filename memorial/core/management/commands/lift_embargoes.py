from django.core.management.base import BaseCommand
from django.utils import timezone

from memorial.core.lifecycle import lift_expired_embargoes


class Command(BaseCommand):
    help = (
        "Open every item whose embargo date has come: clear the date, record it in the audit "
        "log, refresh the search index and purge caches. Run it daily (cron). Items are "
        "already open to visitors from the date on; this makes it final and visible to staff."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would open.")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        lifted = lift_expired_embargoes(today=today, dry_run=dry_run)
        for item in lifted:
            self.stdout.write(
                f"{'Would open' if dry_run else 'Opened'}: {item.page.title} "
                f"(#{item.page.pk}, embargoed until {item.embargo_until:%Y-%m-%d})"
            )
        verb = "would be opened" if dry_run else "opened"
        noun = "item" if len(lifted) == 1 else "items"
        self.stdout.write(self.style.SUCCESS(f"{len(lifted)} {noun} {verb} on {today:%Y-%m-%d}."))
