from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Keyword(index.Indexed, models.Model):
    """A term of the archive's controlled vocabulary, with an optional broader term."""

    shown_on_pages = True  # edited in the admin: seen at once (memorial.core.shown_snippets)

    name = models.CharField(max_length=200, unique=True, help_text="The preferred term.")
    broader = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="narrower",
        help_text="The more general term this one falls under, if any.",
    )
    scope_note = models.TextField(
        blank=True, help_text="When to use this term, so indexers apply it consistently."
    )

    panels = [FieldPanel("name"), FieldPanel("broader"), FieldPanel("scope_note")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        ancestor = self.broader
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"broader": "A term cannot be broader than itself."})
            ancestor = ancestor.broader
