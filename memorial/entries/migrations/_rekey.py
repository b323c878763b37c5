"""Key again the entries some change of the matching rules gives new keys.

Migrations call `rekey_names(apps, affected)` with a test of one name (a name field or
a variant); only the entries with such a name are keyed again, by the current rules."""

from collections.abc import Callable

NAME_FIELDS = ("given_name", "patronymic", "family_name", "birth_name")


def rekey_names(apps, affected: Callable[[str], bool]) -> None:
    from memorial.core.matching.keys import name_keys

    Entry = apps.get_model("entries", "MemorialEntryPage")
    Variant = apps.get_model("entries", "EntryNameVariant")
    NameKey = apps.get_model("entries", "EntryNameKey")
    found = set()
    for pk, *fields in Entry.objects.values_list("pk", *NAME_FIELDS).iterator(chunk_size=5000):
        if any(affected(name) for name in fields if name):
            found.add(pk)
    for page_id, name in Variant.objects.values_list("page_id", "name").iterator(chunk_size=5000):
        if affected(name):
            found.add(page_id)
    ordered = sorted(found)
    for start in range(0, len(ordered), 500):
        batch = ordered[start : start + 500]
        variants: dict[int, list] = {}
        for page_id, name, language in (
            Variant.objects.filter(page_id__in=batch)
            .order_by("pk")
            .values_list("page_id", "name", "language")
        ):
            variants.setdefault(page_id, []).append((name, language))
        rows = []
        for pk, *fields in Entry.objects.filter(pk__in=batch).values_list("pk", *NAME_FIELDS):
            names = [(name, "") for name in fields if name] + variants.get(pk, [])
            rows += [
                NameKey(entry_id=pk, kind=kind, key=key) for kind, key in sorted(name_keys(names))
            ]
        NameKey.objects.filter(entry_id__in=batch).delete()
        NameKey.objects.bulk_create(rows, batch_size=2000)
    if ordered:
        # Searches answered from the old keys are kept in the cache (search.cache) until
        # the archive changes: this is such a change.
        from memorial.core.changes import mark_archive_changed

        mark_archive_changed()
