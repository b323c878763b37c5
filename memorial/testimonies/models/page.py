from datetime import timedelta
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel

from memorial.core.dates import not_after_today
from memorial.core.mixins import AccessMixin, ContentWarningMixin, closed_rows_index
from memorial.core.pages import BasePage

from ..forms import TestimonyPageForm


class NarratorRelation(models.TextChoices):
    SURVIVOR = "survivor", _("Survivor")
    WITNESS = "witness", _("Witness")
    RELATIVE = "relative", _("Relative of a victim")
    RESCUER = "rescuer", _("Rescuer or helper")
    OTHER = "other", _("Other")


class RestrictedListing(models.TextChoices):
    HIDDEN = "hidden", "Not listed: visitors find no trace of it"
    TITLE = "title", "Listed as restricted, with its title only"
    DETAILS = "details", "Listed as restricted, with its title and interview details"


class TestimonyPage(ContentWarningMixin, AccessMixin, BasePage):
    """A recorded account by a survivor or witness."""

    narrator = models.CharField(
        max_length=255,
        blank=True,
        help_text="The narrator's name as they wish it shown. Leave empty and tick "
        "'anonymous' if they asked not to be named.",
    )
    narrator_is_anonymous = models.BooleanField(
        "anonymous narrator",
        default=False,
        help_text="The narrator's name is never shown publicly.",
    )
    narrator_relation = models.CharField(
        "relation to the events",
        max_length=20,
        choices=NarratorRelation.choices,
        default=NarratorRelation.WITNESS,
    )
    narrator_relation_detail = models.CharField(
        max_length=255,
        blank=True,
        help_text="In the narrator's own terms, e.g. 'younger sister of two of the victims'.",
    )
    interview_date = models.DateField(
        null=True,
        blank=True,
        validators=[not_after_today],
        help_text="The day the interview was recorded.",
    )
    interview_place = models.ForeignKey(
        "entries.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the interview was recorded.",
    )
    interviewer = models.CharField(
        max_length=255, blank=True, help_text="Who asked the questions, and for which project."
    )
    duration = models.DurationField(
        null=True, blank=True, help_text="Length of the recording, as hh:mm:ss."
    )
    media = models.ForeignKey(
        "core.ArchiveMedia",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The recording, held by the archive.",
    )
    media_embed_url = models.URLField(
        "embedded recording",
        blank=True,
        help_text="Or a link to the recording on an oEmbed provider. Use one or the other.",
    )
    public_media = models.ForeignKey(
        "core.ArchiveMedia",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="edited recording for the public",
        help_text="When passages are withheld, an edited copy of the recording with those "
        "passages silenced (not cut, so the transcript's times still match). Visitors get "
        "this copy; without it they get no recording while any passage is withheld, timed "
        "or not. "
        "Staff always get the original.",
    )
    summary = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="A few paragraphs on what the narrator speaks about, for readers deciding "
        "whether to listen.",
    )
    keywords = ParentalManyToManyField(
        "testimonies.Keyword",
        blank=True,
        related_name="testimonies",
        help_text="Terms from the archive's vocabulary.",
    )

    restricted_listing = models.CharField(
        "while restricted",
        max_length=10,
        choices=RestrictedListing.choices,
        default=RestrictedListing.TITLE,
        help_text="What visitors may learn of this testimony while it is closed to them "
        "(researchers only, staff only or under embargo). Its summary, recording and "
        "transcript are never shown to them. Interview details are the narrator (unless "
        "anonymous), date, place, interviewer, languages and length.",
    )

    is_record = True
    cached_query_parameters = frozenset({"t"})  # a moment to open the recording at
    base_form_class = TestimonyPageForm
    parent_page_types = ["testimonies.TestimonyIndexPage"]
    subpage_types = []

    narrator_panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("narrator"), FieldPanel("narrator_is_anonymous")]),
                FieldRowPanel(
                    [FieldPanel("narrator_relation"), FieldPanel("narrator_relation_detail")]
                ),
            ],
            heading="Narrator",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("interview_date"), FieldPanel("interview_place")]),
                FieldPanel("interviewer"),
                InlinePanel("languages", label="Language", min_num=1),
            ],
            heading="Interview",
        ),
    ]
    recording_panels = [
        MediaChooserPanel("media"),
        MediaChooserPanel("public_media"),
        FieldPanel("media_embed_url"),
        FieldPanel("duration"),
        FieldPanel("summary"),
        *ContentWarningMixin.content_warning_panels,
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(narrator_panels, heading="Narrator"),
            ObjectList(recording_panels, heading="Recording"),
            ObjectList([InlinePanel("segments", label="Segment")], heading="Transcript"),
            ObjectList(
                [
                    InlinePanel("mentions", heading="People mentioned", label="Person"),
                    FieldPanel("keywords", widget=forms.CheckboxSelectMultiple),
                ],
                heading="Index",
            ),
            ObjectList(
                [*AccessMixin.access_panels, FieldPanel("restricted_listing")]
                + Page.settings_panels,
                heading="Access",
            ),
            ObjectList(Page.promote_panels, heading="Promote"),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("narrator_relation_detail"),
        # Withheld passages never reach the index: only their placeholder does.
        index.SearchField("public_transcript"),
        index.RelatedFields("keywords", [index.SearchField("name")]),
        *AccessMixin.access_search_fields,
    ]

    class Meta:
        verbose_name = "testimony"
        verbose_name_plural = "testimonies"
        indexes = [closed_rows_index("testimony_closed_idx")]

    def clean(self):
        super().clean()
        if self.media_id and self.media_embed_url:
            raise ValidationError(
                {"media_embed_url": "Use either a file from the library or a link, not both."}
            )
        if self.duration is not None and self.duration < timedelta(0):
            raise ValidationError(
                {"duration": "A recording's length cannot be negative: give it as hh:mm:ss."}
            )
        if self.narrator_is_anonymous and self.narrator:
            raise ValidationError({"narrator": "Leave the name empty for an anonymous narrator."})

    def page_ids_named_beyond_references(self) -> list[int]:
        """The people named in its passages: their pages list this testimony, but Wagtail's
        reference index does not follow a passage's `people` (memorial.core.purging)."""
        from .inlines import TranscriptSegment

        people = TranscriptSegment.people.through.objects.filter(transcriptsegment__page=self)
        return list(people.values_list("memorialentrypage_id", flat=True).distinct())

    def public_transcript(self) -> str:
        return "\n".join(segment.public_text for segment in self.segments.all())

    @cached_property
    def has_withheld_passage(self) -> bool:
        """Is any passage withheld? Then the original recording speaks words visitors may not
        hear, whether or not the passage has a time. Read once per object: the page, API and
        JSON-LD each ask about the recording."""
        return any(segment.withheld for segment in self.segments.all())

    def recording_for(self, user):
        """The file this viewer may play: staff hear the original, others the edited copy,
        and nothing from a private collection (its file is refused to them)."""
        from memorial.core.files.private_collections import shown_publicly
        from memorial.core.privacy import is_staff_viewer

        if is_staff_viewer(user):
            return self.media
        recording = self.public_media if self.has_withheld_passage else self.media
        return recording if shown_publicly(recording) else None

    @property
    def narrator_display(self) -> str:
        if self.narrator_is_anonymous or not self.narrator:
            return gettext("Anonymous narrator")
        return self.narrator

    def public_mentions(self):
        """Mentions of people whose entries a visitor may see, in the editor's order."""
        if hasattr(self, "prefetched_public_mentions"):
            return self.prefetched_public_mentions
        return _of_public_entries(self.mentions)

    @staticmethod
    def prefetch_public_mentions(testimonies) -> None:
        """`public_mentions()` of all these testimonies in one query, as a listing needs."""
        from .inlines import TestimonyMention

        mentions = _of_public_entries(TestimonyMention.objects.all())
        prefetch_related_objects(
            testimonies,
            Prefetch("mentions", queryset=mentions, to_attr="prefetched_public_mentions"),
        )

    def paths_beside_the_page(self) -> list[str]:
        return [reverse("testimony_transcript_vtt", args=[self.pk])]

    def serve(self, request, *args, **kwargs):
        # A closed testimony its archivist chose not to list leaves no trace for visitors.
        if self.restricted_listing == RestrictedListing.HIDDEN and not self.can_be_seen_by(
            request.user
        ):
            raise Http404("No public testimony here.")
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from memorial.core.i18n import text_direction
        from memorial.core.privacy import is_staff_viewer

        from ..moments import requested_second, transcript_for

        context = super().get_context(request, *args, **kwargs)
        can_view = self.can_be_seen_by(request.user)
        current_second = requested_second(request, self.duration) if can_view else None
        segments = transcript_for(self, request.user, current_second) if can_view else []
        recording = self.recording_for(request.user) if can_view else None
        # An embedded player cannot be edited: visitors get it only when nothing is withheld.
        withheld = any(line.withheld for line in segments)
        embed_url = self.media_embed_url if can_view else ""
        if withheld and not is_staff_viewer(request.user):
            embed_url = ""
        has_recording = bool(self.media_id or self.media_embed_url)
        languages = list(self.languages.all())
        # The narrator's (first) language marks the summary and transcript: lang for
        # screen readers and hyphenation, dir for Hebrew, Arabic and other RTL scripts.
        content_language = languages[0].language if languages else ""
        context.update(
            can_view_content=can_view,
            languages=languages,
            content_language=content_language,
            content_direction=text_direction(content_language),
            segments=segments,
            current_second=current_second,
            recording=recording,
            embed_url=embed_url,
            recording_withheld=can_view and has_recording and not (recording or embed_url),
            passages_withheld=withheld and not is_staff_viewer(request.user),
            mentions=list(self.public_mentions()) if can_view else [],
            keywords=list(self.keywords.all()),
        )
        return context


def _of_public_entries(mentions):
    from memorial.core.privacy import public_pages, visible_ids
    from memorial.entries.models import MemorialEntryPage

    rows = mentions.all()
    if isinstance(rows, models.QuerySet):
        visible_entries = public_pages(MemorialEntryPage.objects.all()).values("pk")
        return rows.filter(entry__in=visible_entries).select_related("entry")
    # A preview or a draft holds its mentions in memory, which cannot be filtered by a
    # subquery: the public entries among them are looked up instead.
    rows = list(rows)
    shown = visible_ids(MemorialEntryPage, [row.entry_id for row in rows])
    return [row for row in rows if row.entry_id in shown]
