"""Candles lit on memorial entries: a public count, and a short-lived record that
keeps a visitor to one candle per entry per day without knowing who they are."""

from django.db import models


class CandleCount(models.Model):
    """How many candles have been lit on one entry, ever; the number the page shows."""

    entry = models.OneToOneField(
        "entries.MemorialEntryPage",
        on_delete=models.CASCADE,
        related_name="candle_count",
        help_text="The memorial entry the candles were lit for.",
    )
    count = models.PositiveBigIntegerField(
        default=0, help_text="Candles lit on this entry since the archive began counting."
    )

    class Meta:
        verbose_name = "candle count"

    def __str__(self):
        return f"{self.count} candles for entry {self.entry_id}"


class CandleLit(models.Model):
    """One candle lit today by one (anonymous) visitor; deleted after two days by
    `manage.py prune_candles`."""

    entry = models.ForeignKey(
        "entries.MemorialEntryPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The memorial entry the candle was lit for.",
    )
    day = models.DateField(help_text="The day (in the archive's time zone) the candle was lit.")
    visitor = models.CharField(
        max_length=64,
        help_text="A keyed hash of the day, network address and browser name: it cannot be "
        "turned back into either and changes every day. Not personal data.",
    )

    class Meta:
        verbose_name = "candle lit"
        verbose_name_plural = "candles lit"
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "day", "visitor"], name="one_candle_per_visitor_entry_day"
            )
        ]
        # prune_candles deletes by day.
        indexes = [models.Index(fields=["day"], name="candlelit_day_idx")]

    def __str__(self):
        return f"Candle for entry {self.entry_id} on {self.day}"
