from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from ..dates import (
    DatePrecision,
    format_partial_date,
    iso_partial_date,
    precision_disagreement,
)


class DatedEventValue(blocks.StructValue):
    def display_date(self):
        return format_partial_date(self.get("date"), self.get("precision"))

    def iso_date(self):
        return iso_partial_date(self.get("date"), self.get("precision"))


class DatedEventBlock(blocks.StructBlock):
    """One moment in a life, for a timeline."""

    date = blocks.DateBlock(
        required=False, help_text="For a year-only date, enter 1 January of that year."
    )
    precision = blocks.ChoiceBlock(choices=DatePrecision.choices, default=DatePrecision.YEAR)
    title = blocks.CharBlock(max_length=200, help_text="e.g. 'Moved to the coast'.")
    description = blocks.TextBlock(required=False)
    place = SnippetChooserBlock("entries.Place", required=False)

    def clean(self, value):
        result = super().clean(value)
        if problem := precision_disagreement(result["date"], result["precision"]):
            raise StructBlockValidationError(block_errors={"date": ValidationError(problem)})
        return result

    class Meta:
        icon = "date"
        label = "Dated event"
        template = "blocks/dated_event.html"
        value_class = DatedEventValue
