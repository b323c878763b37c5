from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Orderable

LANGUAGE_CHOICES = sorted(global_settings.LANGUAGES, key=lambda item: item[1])


class TestimonyLanguage(Orderable):
    page = ParentalKey(
        "testimonies.TestimonyPage", on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(
        max_length=12,
        choices=LANGUAGE_CHOICES,
        help_text="A language the narrator speaks in the recording.",
    )

    panels = [FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = "language"
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="unique_testimony_language")
        ]

    def __str__(self):
        return self.get_language_display()


class TestimonyMention(Orderable):
    """A person in the archive whom the narrator speaks of."""

    page = ParentalKey(
        "testimonies.TestimonyPage", on_delete=models.CASCADE, related_name="mentions"
    )
    entry = models.ForeignKey(
        "entries.MemorialEntryPage",
        on_delete=models.CASCADE,
        related_name="testimony_mentions",
        help_text="The person's entry.",
    )
    note = models.CharField(
        max_length=255, blank=True, help_text="e.g. 'the narrator's neighbour'."
    )

    panels = [PageChooserPanel("entry", "entries.MemorialEntryPage"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = "person mentioned"


def format_timecode(seconds: int | None) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TranscriptSegment(Orderable):
    """One passage of the transcript, with its time in the recording when known."""

    page = ParentalKey(
        "testimonies.TestimonyPage", on_delete=models.CASCADE, related_name="segments"
    )
    start_seconds = models.PositiveIntegerField(
        "start", null=True, blank=True, help_text="Seconds from the start of the recording."
    )
    end_seconds = models.PositiveIntegerField(
        "end", null=True, blank=True, help_text="Seconds from the start; empty if not known."
    )
    speaker = models.CharField(
        max_length=100, blank=True, help_text="e.g. 'Narrator', 'Interviewer'."
    )
    text = models.TextField(help_text="What was said, as transcribed.")

    panels = [
        FieldRowPanel(
            [FieldPanel("start_seconds"), FieldPanel("end_seconds"), FieldPanel("speaker")]
        ),
        FieldPanel("text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "transcript segment"

    def clean(self):
        if (
            self.start_seconds is not None
            and self.end_seconds is not None
            and self.end_seconds < self.start_seconds
        ):
            raise ValidationError({"end_seconds": "The end must come after the start."})

    @property
    def start_timecode(self) -> str:
        return format_timecode(self.start_seconds)
