"""Insert many entry pages under a collection at once, keeping Wagtail's tree valid.

Wagtail's `add_child` locks and rereads the parent for every page (a few dozen
entries a second). Here a batch gets consecutive treebeard paths after the parent's
last child, Page rows and entry rows go in with COPY (PostgreSQL) or multi-row
INSERTs, and the parent's numchild grows once — all in the caller's transaction.
"""

from django.db.models import F
from wagtail.models import Page

from memorial.entries.models import MemorialEntryPage

from .bulk_sql import insert_rows, insert_rows_returning_ids
from .rows import ENTRY_FIELDS, PAGE_FIELDS, RowBuilder, entry_slug


def next_free_step(parent: Page) -> int:
    last_path = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1


def lock_collections(collections: list[Page]) -> None:
    """Hold these parents' rows until the caller's transaction ends (no-op on SQLite,
    where a writer holds the whole database): treebeard's add_child takes the same lock,
    so nothing is added under them meanwhile, and a second import waits here before it
    looks for what exists."""
    pks = sorted({collection.pk for collection in collections})
    list(Page.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk"))


def step_is_free(parent: Page, step: int | None) -> bool:
    """Whether `step` and every later step under `parent` is still free: a page added
    since the step was counted (the admin appends after the last child) has taken it."""
    if step is None:
        return False
    depth = parent.depth + 1
    first = Page._get_path(parent.path, depth, step)
    last = parent.path + Page.alphabet[-1] * Page.steplen
    return not Page.objects.filter(depth=depth, path__range=(first, last)).exists()


def free_slugs(parent: Page, wanted: list[str]) -> list[str]:
    """Slugs unique among the parent's children (and within the batch)."""
    taken = set(
        Page.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1, slug__in=wanted
        ).values_list("slug", flat=True)
    )
    result = []
    for slug in wanted:
        candidate, number = slug, 2
        while candidate in taken:
            candidate = f"{slug}-{number}"
            number += 1
        taken.add(candidate)
        result.append(candidate)
    return result


def insert_entries(parent: Page, items: list, step: int) -> list[int]:
    """Insert new entries (EntryData with `values`, `biography`, `place_ids`) under `parent`
    from tree step `step` on; return their page ids in order.

    The caller keeps the next free step between batches: finding the last child costs a
    scan of all siblings, which at a million entries must not happen once per batch.
    """
    if not items:
        return []
    builder = RowBuilder(parent)
    slugs = free_slugs(
        parent, [entry_slug(item.values["title"], item.identifier) for item in items]
    )
    page_rows = [
        builder.page_row(item.values, Page._get_path(parent.path, parent.depth + 1, step + i), slug)
        for i, (item, slug) in enumerate(zip(items, slugs, strict=True))
    ]
    ids = insert_rows_returning_ids(Page._meta.db_table, [f.column for f in PAGE_FIELDS], page_rows)
    insert_rows(
        MemorialEntryPage._meta.db_table,
        [field.column for field in ENTRY_FIELDS],
        [
            builder.entry_row(page_id, item.values, item.biography, item.place_ids)
            for page_id, item in zip(ids, items, strict=True)
        ],
    )
    # Last, so the lock on the parent's row is held for as short a time as possible.
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(items))
    return ids
