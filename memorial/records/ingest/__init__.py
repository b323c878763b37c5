from .importer import EntryImporter, ImportReport, RowError

__all__ = ["EntryImporter", "ImportReport", "RowError"]
