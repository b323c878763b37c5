from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from memorial.core.blocks.media import alt_text_block


class GalleryItemBlock(blocks.StructBlock):
    """One photograph in a gallery, with what is known about it."""

    image = ImageChooserBlock()
    alt_text = alt_text_block(
        help_text="Describe what the picture shows for people who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=500)
    date = blocks.CharBlock(
        required=False,
        max_length=100,
        help_text="When it was taken, as precisely as known: '1938', 'c. 1935'.",
    )
    place = SnippetChooserBlock("entries.Place", required=False)
    credit = blocks.CharBlock(
        required=False, max_length=255, help_text="Leave empty to use the image's own credit."
    )
    people = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="entries.MemorialEntryPage"),
        required=False,
        default=[],
        label="People shown",
        help_text="People in the archive who appear in the photograph.",
    )

    class Meta:
        icon = "image"
        label = "Photograph"
