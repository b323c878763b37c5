from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable

from memorial.core.preloaded_rows import RowPageChooserPanel

from ..vocabulary_widgets import NamesWidget
from ..widgets import EntryIdentifiersWidget

WITHHELD_TEXT = "[passage withheld]"

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

    panels = [RowPageChooserPanel("entry", "entries.MemorialEntryPage"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = "person mentioned"


def format_timecode(seconds: int | None) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TranscriptSegmentQuerySet(models.QuerySet):
    def not_withheld(self):
        return self.filter(withheld=False)


class TranscriptSegment(ClusterableModel, Orderable):
    """One passage of the transcript, with its time in the recording when known.

    A withheld (redacted) passage keeps its text for staff; every public surface shows
    WITHHELD_TEXT instead, through `public_text`.
    """

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
    keywords = ParentalManyToManyField(
        "testimonies.Keyword",
        blank=True,
        related_name="segments",
        help_text="Subjects of this passage, from the archive's vocabulary.",
    )
    people = ParentalManyToManyField(
        "entries.MemorialEntryPage",
        blank=True,
        related_name="mentioned_in_segments",
        help_text="People in the archive the narrator speaks of in this passage.",
    )
    places = ParentalManyToManyField(
        "entries.Place",
        blank=True,
        related_name="mentioned_in_segments",
        help_text="Places the narrator speaks of in this passage.",
    )
    withheld = models.BooleanField(
        "withhold this passage",
        default=False,
        help_text="Redact: visitors see '[passage withheld]' and never receive the text; "
        "staff still see it. Its time range is withheld from the public recording too.",
    )
    withheld_reason = models.CharField(
        "reason for withholding",
        max_length=255,
        blank=True,
        help_text="For staff only, e.g. 'names a living person', 'narrator's request'.",
    )

    objects = TranscriptSegmentQuerySet.as_manager()

    panels = [
        FieldRowPanel(
            [FieldPanel("start_seconds"), FieldPanel("end_seconds"), FieldPanel("speaker")]
        ),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("keywords", widget=NamesWidget),
                FieldPanel("people", widget=EntryIdentifiersWidget),
                FieldPanel("places", widget=NamesWidget),
            ],
            heading="Index",
            classname="collapsed",
        ),
        FieldRowPanel([FieldPanel("withheld"), FieldPanel("withheld_reason")]),
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
        if self.withheld and not self.withheld_reason.strip():
            raise ValidationError(
                {"withheld_reason": "Say why the passage is withheld, for the staff who follow."}
            )

    @property
    def start_timecode(self) -> str:
        return format_timecode(self.start_seconds)

    @property
    def public_text(self) -> str:
        return WITHHELD_TEXT if self.withheld else self.text
