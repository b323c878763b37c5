from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from memorial.core.merging import MergeRefused
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

    def already_stored(self):
        """Another term of this name, if any."""
        self.tidy_name()
        return Keyword.objects.filter(key=self.key).exclude(pk=self.pk).first()

    def clean(self):
        if (same := self.already_stored()) is not None:
            raise ValidationError({"name": f"“{same}” is already a term. Use that one."})
        ancestor = self.broader
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"broader": "A term cannot be broader than itself."})
            ancestor = ancestor.broader

    def absorb(self, duplicate) -> list[str]:
        """Keep what only `duplicate` knew, as it is merged into this term (memorial.core.
        merging): its broader term and scope note where this one has none. Its narrower
        terms come here with every other reference."""
        chain, ancestor = [], self.broader
        while ancestor is not None and ancestor.pk != duplicate.pk:
            chain.append(ancestor)
            ancestor = ancestor.broader
        if ancestor is not None and chain:
            raise MergeRefused(
                f"“{self}” falls under “{duplicate}” through “{chain[-1]}”, which would then "
                f"fall under “{self}”: change the broader terms first."
            )
        taken = []
        if ancestor is not None or self.broader is None:
            broader = duplicate.broader
            # Not a term beneath this one (the duplicate falling under it), nor this one.
            above = broader
            while above is not None and above.pk != self.pk:
                above = above.broader
            self.broader = broader if above is None else None
            if self.broader is not None:
                taken.append(f"broader term “{self.broader}”")
        if not self.scope_note and duplicate.scope_note:
            self.scope_note = duplicate.scope_note
            taken.append("scope note")
        return taken
