"""A remembrance of a person, written by someone who knew them, published after moderation.

Only what the author agreed to make public lives here. Who sent it (name, e-mail, consents)
is kept apart in the private `Submission` record.
"""

from django.db import models
from django.db.models import Prefetch
from django.dispatch import receiver
from django.http import Http404
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.signals import post_page_move

from memorial.core.models import ArchiveImage
from memorial.core.pages import BasePage

from ..panels import SubmissionPanel

PHOTO_FILTER = "max-800x800"  # as remembrance_page.html shows the photographs


class RemembrancePage(BasePage):
    """Words (and photographs) from a relative or friend, under the person's entry."""

    shown_name = models.CharField(
        "shown as",
        max_length=200,
        blank=True,
        help_text="How the author is shown, e.g. 'Her granddaughter' or their name, only if "
        "they chose to sign. Leave empty to show no name.",
    )
    relationship = models.CharField(
        max_length=200,
        blank=True,
        help_text="How the author knew or is related to the person, as it may be shown publicly.",
    )
    text = models.TextField(
        help_text="The remembrance in the author's words. Shown as plain text; paragraphs are "
        "kept, no formatting or links."
    )

    remembered_entry = models.ForeignKey(
        "entries.MemorialEntryPage",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,  # without its entry a remembrance counts as closed
        related_name="+",
        help_text="The entry this remembrance is under (kept from the tree on save).",
    )

    is_record = True
    parent_page_types = ["entries.MemorialEntryPage"]
    subpage_types = []
    # Search never lists remembrances and they hold no pages: approving one leaves cached
    # search results valid (memorial.core.changes).
    reaches_search = False
    # memorial.core.privacy: a remembrance is closed whenever the entry it remembers is.
    access_follows = "remembered_entry"

    content_panels = [
        SubmissionPanel(heading="Who sent this (private)"),
        FieldPanel("title"),
        MultiFieldPanel(
            [FieldPanel("shown_name"), FieldPanel("relationship")], heading="Author, as shown"
        ),
        FieldPanel("text"),
        InlinePanel("photos", heading="Photographs", label="Photograph", max_num=10),
    ]

    search_fields = [*Page.search_fields, index.SearchField("text")]

    class Meta:
        verbose_name = "remembrance"
        verbose_name_plural = "remembrances"

    def __str__(self):
        return self.title

    @property
    def entry(self):
        return self.remembered_entry or self.get_parent().specific

    def save(self, *args, **kwargs):
        # Always the entry above it in the tree, never a stored one: a copy, a move or an
        # old revision published again would otherwise carry another entry's, and with it
        # that entry's access.
        if self.path:
            self.remembered_entry_id = self.get_parent(update=True).pk
        super().save(*args, **kwargs)

    @property
    def shared_by(self) -> str:
        """'Shared by her granddaughter, Ada' style attribution; empty when unsigned."""
        parts = [part for part in (self.shown_name, self.relationship) if part]
        return ", ".join(parts)

    def serve(self, request, *args, **kwargs):
        # A remembrance is as closed as the person it remembers.
        from memorial.core.privacy import is_staff_viewer

        entry, user = self.entry, request.user
        if not entry.can_be_seen_by(user) or not (entry.live or is_staff_viewer(user)):
            raise Http404("No public remembrance here.")
        return super().serve(request, *args, **kwargs)

    def shown_photos(self):
        """The photographs public pages show: none from a private collection (a photograph
        the family took back), whose file visitors are refused, nor its caption."""
        return shown(self.photos.all())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entry"] = self.entry
        images = ArchiveImage.objects.prefetch_renditions(PHOTO_FILTER)
        context["photos"] = list(
            self.shown_photos().prefetch_related(Prefetch("image", queryset=images))
        )
        return context


@receiver(post_page_move)
def follow_the_entry_it_was_moved_to(sender, instance, **kwargs):
    """A move saves the page's base row only; the remembrance's own save sets its entry
    (and, being a save, renews what the public may see)."""
    if issubclass(sender, RemembrancePage):
        RemembrancePage.objects.get(pk=instance.pk).save(
            clean=False, update_fields=["remembered_entry"]
        )


def shown(photos):
    from memorial.core.files.private_collections import excluding_private

    return excluding_private(photos, "image__collection_id")


def shown_photos_prefetch() -> Prefetch:
    """Remembrances' `photos` as public pages show them (RemembrancePage.shown_photos)."""
    return Prefetch("photos", queryset=shown(RemembrancePhoto.objects.all()))


class RemembrancePhoto(Orderable):
    """One photograph shared with a remembrance, with the words that go with it."""

    page = ParentalKey(RemembrancePage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "core.ArchiveImage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The photograph (a clean copy: no camera or location data).",
    )
    caption = models.CharField(
        max_length=500, blank=True, help_text="Shown under the photograph: who, where, when."
    )
    alt_text = models.CharField(
        "description",
        max_length=500,
        help_text="A short description for people who cannot see the photograph.",
    )

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("alt_text")]

    class Meta(Orderable.Meta):
        verbose_name = "photograph"
        verbose_name_plural = "photographs"

    def __str__(self):
        return self.caption or self.alt_text
