from .index import MemorialIndexPage
from .inlines import EntryNameVariant, EntryRelationship, EntrySource, RelationType, Script
from .name_keys import EntryNameKey
from .page import MemorialEntryPage, Sex
from .places import Place

__all__ = [
    "EntryNameKey",
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
