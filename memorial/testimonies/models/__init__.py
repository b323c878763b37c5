from .consent import ConsentRecord, ConsentStatus
from .index import TestimonyIndexPage
from .inlines import WITHHELD_TEXT, TestimonyLanguage, TestimonyMention, TranscriptSegment
from .keywords import Keyword
from .page import NarratorRelation, RestrictedListing, TestimonyPage

__all__ = [
    "WITHHELD_TEXT",
    "ConsentRecord",
    "ConsentStatus",
    "RestrictedListing",
    "Keyword",
    "NarratorRelation",
    "TestimonyIndexPage",
    "TestimonyLanguage",
    "TestimonyMention",
    "TestimonyPage",
    "TranscriptSegment",
]
