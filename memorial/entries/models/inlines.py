"""Rows edited inline on an entry: name variants, sources, family relationships."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from memorial.core.preloaded_rows import RowPageChooserPanel


class Script(models.TextChoices):
    LATIN = "Latn", pgettext_lazy("writing system", "Latin")
    CYRILLIC = "Cyrl", pgettext_lazy("writing system", "Cyrillic")
    ARMENIAN = "Armn", pgettext_lazy("writing system", "Armenian")
    GEORGIAN = "Geor", pgettext_lazy("writing system", "Georgian")
    HEBREW = "Hebr", pgettext_lazy("writing system", "Hebrew")
    ARABIC = "Arab", pgettext_lazy("writing system", "Arabic")
    GREEK = "Grek", pgettext_lazy("writing system", "Greek")
    OTHER = "Zyyy", pgettext_lazy("writing system", "Other")


class EntryNameVariant(Orderable):
    page = ParentalKey(
        "entries.MemorialEntryPage", on_delete=models.CASCADE, related_name="name_variants"
    )
    name = models.CharField(
        max_length=255,
        help_text="The name exactly as written in a source, e.g. 'Мамедов Али'.",
    )
    script = models.CharField(max_length=4, choices=Script.choices, default=Script.LATIN)
    language = models.CharField(
        max_length=12,
        blank=True,
        help_text="Language code if known, e.g. 'az', 'ru', 'yi', 'de'.",
    )
    note = models.CharField(
        max_length=255,
        blank=True,
        help_text="Where this spelling appears, e.g. 'deportation list, 1941'.",
    )

    panels = [FieldPanel("name"), FieldPanel("script"), FieldPanel("language"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = "name variant"

    def __str__(self):
        return self.name


class EntrySource(Orderable):
    page = ParentalKey(
        "entries.MemorialEntryPage", on_delete=models.CASCADE, related_name="sources"
    )
    citation = models.TextField(
        help_text="A full citation another researcher could follow: holder, collection, "
        "reference, page, date.",
    )
    url = models.URLField("link", blank=True, help_text="A link to the source, if online.")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A scan or copy held by the archive.",
    )

    panels = [FieldPanel("citation"), FieldPanel("url"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "source"

    def __str__(self):
        return self.citation[:80]


class RelationType(models.TextChoices):
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SPOUSE = "spouse", _("Spouse or partner")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "relative", _("Other relative")


INVERSE_RELATION = {
    RelationType.PARENT: RelationType.CHILD,
    RelationType.CHILD: RelationType.PARENT,
    RelationType.GRANDPARENT: RelationType.GRANDCHILD,
    RelationType.GRANDCHILD: RelationType.GRANDPARENT,
}


class EntryRelationship(Orderable):
    """'The related entry is this page's <relation>' — e.g. relation=parent: they are my parent."""

    page = ParentalKey(
        "entries.MemorialEntryPage", on_delete=models.CASCADE, related_name="relationships"
    )
    relation = models.CharField(
        max_length=20,
        choices=RelationType.choices,
        help_text="What the other person was to this person: choose 'Parent' for their "
        "mother or father.",
    )
    related_entry = models.ForeignKey(
        "entries.MemorialEntryPage",
        on_delete=models.CASCADE,
        related_name="relationships_to",
        help_text="The relative's own entry in the archive.",
    )
    note = models.CharField(
        max_length=255, blank=True, help_text="e.g. 'mother', 'step-brother', 'cousin'."
    )

    panels = [
        FieldPanel("relation"),
        RowPageChooserPanel("related_entry", "entries.MemorialEntryPage"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "family relationship"

    def clean(self):
        if self.page_id and self.related_entry_id == self.page_id:
            raise ValidationError({"related_entry": "A person cannot be their own relative."})

    @property
    def inverse_relation(self) -> str:
        return INVERSE_RELATION.get(self.relation, self.relation)

    def inverse_label(self) -> str:
        return RelationType(self.inverse_relation).label
