"""After a large import, PostgreSQL is told what its tables now hold.

The query planner chooses its plans from table statistics that autovacuum gathers some
time after a change, or never where autovacuum is off. Until then a collection that has
just received 100,000 entries is planned as if it held a handful: a family's proposal for
that collection spent half a second in one query that walked every entry, and search
joined the name keys the slow way round. ANALYZE reads a fixed sample of each table
(30,000 rows by default), so it takes well under a second whatever the archive's size.
"""

from django.db import connections, router
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from memorial.entries.models import (
    EntryNameKey,
    EntryNameVariant,
    EntrySource,
    MemorialEntryPage,
    Place,
)

# Fewer new rows than this barely move a table's statistics.
ANALYZE_AFTER_ROWS = 1000
IMPORTED_MODELS = (
    Page,
    MemorialEntryPage,
    EntryNameVariant,
    EntrySource,
    EntryNameKey,
    Place,
    IndexEntry,
)


def refresh_statistics(rows_written: int) -> list[str]:
    """ANALYZE the tables an import writes, on PostgreSQL, when it wrote enough rows.
    Returns the tables analysed."""
    connection = connections[router.db_for_write(MemorialEntryPage)]
    if rows_written < ANALYZE_AFTER_ROWS or connection.vendor != "postgresql":
        return []
    tables = [model._meta.db_table for model in IMPORTED_MODELS]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return tables
