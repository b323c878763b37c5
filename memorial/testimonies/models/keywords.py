from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from memorial.core.names import require_a_letter, same_name_key, tidy


class Keyword(index.Indexed, models.Model):
    """A term of the archive's controlled vocabulary, with an optional broader term."""

    shown_on_pages = True  # edited in the admin: seen at once (memorial.core.shown_snippets)

    name = models.CharField(
        max_length=200, validators=[require_a_letter], help_text="The preferred term."
    )
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
    # Unique: "Childhood" and "childhood " are one term (memorial.core.names.same_name_key).
    key = models.CharField(max_length=400, unique=True, editable=False)

    panels = [FieldPanel("name"), FieldPanel("broader"), FieldPanel("scope_note")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.tidy_name()
        super().save(*args, **kwargs)

    def tidy_name(self):
        self.name = tidy(self.name)
        self.key = same_name_key(self.name)

    def clean(self):
        self.tidy_name()
        same = Keyword.objects.filter(key=self.key).exclude(pk=self.pk).first()
        if same is not None:
            raise ValidationError({"name": f"“{same}” is already a term. Use that one."})
        ancestor = self.broader
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"broader": "A term cannot be broader than itself."})
            ancestor = ancestor.broader
