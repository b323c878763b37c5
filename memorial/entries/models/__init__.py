from .index import MemorialIndexPage
from .inlines import EntryNameVariant, EntryRelationship, EntrySource, RelationType, Script
from .page import MemorialEntryPage, Sex
from .places import Place

__all__ = [
    "EntryNameVariant",
    "EntryRelationship",
    "EntrySource",
    "MemorialEntryPage",
    "MemorialIndexPage",
    "Place",
    "RelationType",
    "Script",
    "Sex",
]
