from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "blocks/paragraph.html"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, help_text="A short section heading.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section"), ("h3", "Sub-section")],
        default="h2",
        help_text="Sub-sections sit under the nearest section heading.",
    )

    class Meta:
        icon = "title"
        label = "Heading"
        template = "blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The words exactly as spoken or written.")
    attribution = blocks.CharBlock(
        required=False, max_length=200, help_text="Who said or wrote it."
    )
    source = blocks.CharBlock(
        required=False,
        max_length=300,
        help_text="Where it comes from: a testimony, letter or document, with its date.",
    )

    def clean(self, value):
        result = super().clean(value)
        if result["source"] and not result["attribution"]:
            raise StructBlockValidationError(
                block_errors={
                    "attribution": ValidationError(
                        "Name who said or wrote this when you give a source."
                    )
                }
            )
        return result

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "blocks/quote.html"
