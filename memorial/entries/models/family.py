"""Relatives of entries, as public pages show them: one entry's, or a whole listing's at once."""

from collections import defaultdict

from memorial.core.privacy import public_pages

from .inlines import EntryRelationship

# What a relative is shown by (a link, the life dates; the API adds the identifier): the rest
# of the row, a biography above all, is neither read nor parsed for each relative.
RELATIVE_FIELDS = (
    "title",
    "url_path",
    "identifier",
    "birth_date",
    "birth_date_precision",
    "death_date",
    "death_date_precision",
)


def families(entries) -> dict:
    """Each entry's relatives recorded on either side, as (label, entry, note), public ones
    only, by entry id; three queries at most whatever the number of entries."""
    from .page import MemorialEntryPage

    # Read in Python, not filtered in SQL: in a preview the relationships are the
    # draft's, held in memory (modelcluster), and cannot be joined to a query.
    recorded = {entry.pk: list(entry.relationships.all()) for entry in entries}
    related_ids = {rel.related_entry_id for rels in recorded.values() for rel in rels}
    shown = {}
    if related_ids:
        shown = (
            public_pages(MemorialEntryPage.objects.filter(pk__in=related_ids))
            .only(*RELATIVE_FIELDS)
            .in_bulk()
        )
    incoming = defaultdict(list)
    for rel in (
        EntryRelationship.objects.filter(
            related_entry__in=[entry.pk for entry in entries],
            page__in=public_pages(MemorialEntryPage.objects.all()),
        )
        .select_related("page")
        .only("relation", "related_entry", "page", *(f"page__{f}" for f in RELATIVE_FIELDS))
    ):
        incoming[rel.related_entry_id].append(rel)
    return {pk: _rows(rels, shown, incoming[pk]) for pk, rels in recorded.items()}


def _rows(recorded, shown, incoming) -> list:
    outgoing = [rel for rel in recorded if rel.related_entry_id in shown]
    told = {rel.related_entry_id for rel in outgoing}  # a relation recorded on both sides
    rows = [(rel.get_relation_display(), shown[rel.related_entry_id], rel.note) for rel in outgoing]
    rows += [(rel.inverse_label(), rel.page, "") for rel in incoming if rel.page_id not in told]
    return rows


def prefetch_families(entries) -> None:
    """Work out `family()` for all these entries at once, as a listing of them needs."""
    rows = families(entries)
    for entry in entries:
        entry.prefetched_family = rows[entry.pk]
