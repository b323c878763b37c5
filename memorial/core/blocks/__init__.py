"""StreamField blocks for editors, one module per family.

`BODY_BLOCKS` is the standard set for biographies and editorial pages.
"""

from .media import AudioVideoBlock, DocumentBlock, ImageGalleryBlock, ImageWithCaptionBlock
from .relations import RelatedEntriesBlock
from .text import HeadingBlock, ParagraphBlock, QuoteBlock
from .timeline import DatedEventBlock

BODY_BLOCKS = [
    ("paragraph", ParagraphBlock()),
    ("heading", HeadingBlock()),
    ("quote", QuoteBlock()),
    ("image", ImageWithCaptionBlock()),
    ("gallery", ImageGalleryBlock()),
    ("audio_video", AudioVideoBlock()),
    ("document", DocumentBlock()),
    ("event", DatedEventBlock()),
    ("related_entries", RelatedEntriesBlock()),
]

__all__ = [
    "BODY_BLOCKS",
    "AudioVideoBlock",
    "DatedEventBlock",
    "DocumentBlock",
    "HeadingBlock",
    "ImageGalleryBlock",
    "ImageWithCaptionBlock",
    "ParagraphBlock",
    "QuoteBlock",
    "RelatedEntriesBlock",
]
