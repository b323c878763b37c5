from .index import TestimonyIndexPage
from .inlines import TestimonyLanguage, TestimonyMention, TranscriptSegment
from .keywords import Keyword
from .page import NarratorRelation, TestimonyPage

__all__ = [
    "Keyword",
    "NarratorRelation",
    "TestimonyIndexPage",
    "TestimonyLanguage",
    "TestimonyMention",
    "TestimonyPage",
    "TranscriptSegment",
]
