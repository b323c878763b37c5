from django.core.management.base import BaseCommand

from memorial.remembrances.candles import KEEP_DAYS, prune_old_candles


class Command(BaseCommand):
    help = (
        f"Delete the anonymous one-candle-a-day records older than {KEEP_DAYS} days "
        "(the candle counts stay). Run daily from cron."
    )

    def handle(self, *args, **options):
        deleted = prune_old_candles()
        self.stdout.write(f"Deleted {deleted} candle records older than {KEEP_DAYS} days.")
