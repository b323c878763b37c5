from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtailmedia.blocks import AbstractMediaChooserBlock

ALT_TEXT_REQUIRED = (
    "Describe what the picture shows for people who cannot see it. Screen readers read this "
    "text (the image's alt text) aloud; every image needs one."
)
TRANSCRIPT_REQUIRED = (
    "Add a transcript, or for a recording without speech a description of what can be heard "
    "and seen: people who cannot listen or watch rely on it."
)


def with_required_message(block, message):
    """A required field block whose empty value is refused with `message`, for the editor."""
    block.field.error_messages["required"] = message
    return block


def alt_text_block(**kwargs):
    return with_required_message(blocks.CharBlock(max_length=300, **kwargs), ALT_TEXT_REQUIRED)


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = alt_text_block(
        help_text="Describe what the picture shows for people who cannot see it "
        "(e.g. 'A young woman in a dark coat stands at a garden gate')."
    )
    caption = blocks.CharBlock(required=False, max_length=500)
    credit = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="Leave empty to use the credit recorded on the image.",
    )

    class Meta:
        icon = "image"
        label = "Image"
        template = "blocks/image.html"


class ImageGalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=200)
    images = blocks.ListBlock(ImageWithCaptionBlock(), min_num=2, max_num=60)

    class Meta:
        icon = "image"
        label = "Image gallery"
        template = "blocks/image_gallery.html"


class MediaChooserBlock(AbstractMediaChooserBlock):
    """Any audio or video file from the media library."""


class AudioVideoBlock(blocks.StructBlock):
    media = MediaChooserBlock(
        required=False, help_text="An audio or video file held by the archive."
    )
    embed_url = EmbedBlock(
        required=False,
        help_text="Or a link to a recording hosted elsewhere (oEmbed provider).",
    )
    title = blocks.CharBlock(max_length=200, help_text="What the recording is.")
    transcript = with_required_message(
        blocks.TextBlock(
            help_text="A text version for people who cannot listen or watch: what is said, "
            "and what can be heard or seen that matters."
        ),
        TRANSCRIPT_REQUIRED,
    )

    def clean(self, value):
        # Collect the fields' own errors (a missing transcript) and ours, to show all at once.
        errors, non_block_errors = {}, None
        try:
            result = super().clean(value)
        except StructBlockValidationError as error:
            errors.update(error.block_errors)
            non_block_errors = error.non_block_errors or None
            result = value
        has_media = bool(result.get("media"))
        has_embed = bool(result.get("embed_url"))
        if has_media == has_embed and "media" not in errors:
            message = (
                "Choose either a file from the library or a link, not both."
                if has_media
                else "Choose a file from the library or give a link."
            )
            errors["media"] = ValidationError(message)
        if errors or non_block_errors:
            raise StructBlockValidationError(block_errors=errors, non_block_errors=non_block_errors)
        return result

    class Meta:
        icon = "media"
        label = "Audio or video"
        template = "blocks/audio_video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=200, help_text="Leave empty to use the document's title."
    )
    description = blocks.TextBlock(required=False, help_text="What the document is.")

    class Meta:
        icon = "doc-full"
        label = "Document"
        template = "blocks/document.html"
