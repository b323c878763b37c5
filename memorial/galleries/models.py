from django.db import models, transaction
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from memorial.core.mixins import ContentWarningMixin
from memorial.core.pages import BasePage
from memorial.core.privacy import visible_ids

from .blocks import GalleryItemBlock

THUMBNAIL_FILTER = "fill-480x360"
FULL_FILTER = "max-1600x1600"


class GalleryIndexPage(BasePage):
    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="What these photographs are and where they come from.",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["galleries.GalleryPage"]
    cached_query_parameters = frozenset({"page"})
    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "gallery collection"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        galleries = self.record_collection().public_children(GalleryPage).order_by("title", "pk")
        context["galleries_page"] = self.paginate(request, galleries, per_page=24)
        return context


class GalleryPage(ContentWarningMixin, BasePage):
    """An ordered set of photographs."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Where these photographs come from and what they show.",
    )
    items = StreamField(
        [("photograph", GalleryItemBlock())],
        blank=True,
        help_text="Drag to reorder. Each photograph needs a description for people who "
        "cannot see it.",
    )

    is_record = True
    parent_page_types = ["galleries.GalleryIndexPage"]
    subpage_types = []
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        *ContentWarningMixin.content_warning_panels,
        FieldPanel("items"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("items"),
    ]

    class Meta:
        verbose_name = "gallery"
        verbose_name_plural = "galleries"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "items" in update_fields:
            self.sync_people_shown()

    def sync_people_shown(self):
        """Keep the entry → photograph index in step with the saved gallery."""
        rows = [
            GalleryPersonShown(
                gallery_id=self.pk,
                entry_id=person.pk,
                image_id=item.value["image"].pk,
                position=position,
                caption=item.value["caption"][:500],
            )
            for position, item in enumerate(self.items)
            if item.value["image"] is not None
            for person in item.value["people"]
            if person is not None
        ]
        with transaction.atomic():
            GalleryPersonShown.objects.filter(gallery_id=self.pk).delete()
            GalleryPersonShown.objects.bulk_create(rows, ignore_conflicts=True)

    def photograph_image_ids(self) -> list[int | None]:
        """Each photograph block's image id, in order, read from the raw stream data (so
        no block is loaded); a block whose image was deleted keeps the dead id."""
        return [(block.get("value") or {}).get("image") for block in self.items.raw_data]

    def get_context(self, request, *args, **kwargs):
        from memorial.core.models import ArchiveImage
        from memorial.entries.models import MemorialEntryPage

        context = super().get_context(request, *args, **kwargs)
        values = [item.value for item in self.items]
        shown = photographs_shown([self])[self.pk]
        images = ArchiveImage.objects.prefetch_renditions(THUMBNAIL_FILTER, FULL_FILTER).in_bulk(
            [image_id for _, image_id in shown]
        )
        visible = visible_ids(
            MemorialEntryPage,
            [person.pk for value in values for person in value["people"] if person],
        )
        context["photographs"] = [
            {
                "position": position,
                "value": values[position],
                "image": images[image_id],
                "people": [p for p in values[position]["people"] if p and p.pk in visible],
                "credit": values[position]["credit"] or images[image_id].credit,
            }
            for position, image_id in shown
            if image_id in images
        ]
        return context


def photographs_shown(galleries) -> dict[int, list[tuple[int, int]]]:
    """The photographs each gallery shows: {gallery pk: [(position, image id), …]}, the
    blocks whose image still exists, outside a private collection (its files are refused to
    the public). The gallery page and its card both count these.

    One query for all the galleries, reading only ids.
    """
    from memorial.core.files.private_collections import excluding_private
    from memorial.core.models import ArchiveImage

    blocks = {
        gallery.pk: [
            (position, image_id)
            for position, image_id in enumerate(gallery.photograph_image_ids())
            if image_id
        ]
        for gallery in galleries
    }
    wanted = {image_id for pairs in blocks.values() for _, image_id in pairs}
    shown = excluding_private(ArchiveImage.objects.filter(pk__in=wanted), "collection_id")
    existing = set(shown.values_list("pk", flat=True))
    return {
        pk: [(position, image_id) for position, image_id in pairs if image_id in existing]
        for pk, pairs in blocks.items()
    }


class GalleryPersonShown(models.Model):
    """Derived index: which entries appear in which gallery photograph. Rebuilt on save."""

    gallery = models.ForeignKey(GalleryPage, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(
        "entries.MemorialEntryPage", on_delete=models.CASCADE, related_name="gallery_appearances"
    )
    image = models.ForeignKey("core.ArchiveImage", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    caption = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["gallery", "entry", "position"], name="unique_person_per_photograph"
            )
        ]

    def __str__(self):
        return f"{self.entry_id} in gallery {self.gallery_id} #{self.position}"
