"""The match keys of each entry's names, kept in step with the published names."""

from django.db import models, transaction

from memorial.core.matching.keys import KEY_LENGTH, MatchKind, name_keys

NAME_FIELDS = ("given_name", "patronymic", "family_name", "birth_name")


class EntryNameKey(models.Model):
    """One key of one entry: a spelling or a sound its names can be found by.

    Derived data, rebuilt whenever the entry is saved with its names
    (`manage.py rebuild_name_keys` rebuilds all of them).
    """

    entry = models.ForeignKey(
        "entries.MemorialEntryPage",
        on_delete=models.CASCADE,
        related_name="name_keys",
        db_index=False,  # the unique constraint's index leads with entry
    )
    kind = models.PositiveSmallIntegerField(
        choices=[(kind.value, kind.name.lower()) for kind in MatchKind if kind != MatchKind.FUZZY]
    )
    key = models.CharField(max_length=KEY_LENGTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "kind", "key"], name="unique_entry_name_key")
        ]
        indexes = [
            # `key IN (…)` lookups answered from the index alone.
            models.Index(fields=["key", "kind", "entry"], name="entry_name_key_lookup_idx"),
            # Prefix suggestions (`LIKE 'mam%'`) on PostgreSQL; ignored elsewhere.
            models.Index(
                fields=["key"], name="entry_name_key_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self):
        return f"{MatchKind(self.kind).name.lower()}:{self.key}"


def entry_names(entry, variants=None) -> list[tuple[str, str]]:
    """(name, language) pairs of one entry: its name fields, then every recorded variant.

    `entry` may be anything with the name fields (an import row too); `variants` are
    (name, language) pairs, by default the entry's saved variants.
    """
    if variants is None:
        variants = [(variant.name, variant.language) for variant in entry.name_variants.all()]
    names = [(getattr(entry, field), "") for field in NAME_FIELDS if getattr(entry, field)]
    return names + list(variants)


def key_rows(entry_id: int, names) -> list[list]:
    return [[entry_id, kind, key] for kind, key in sorted(name_keys(names))]


def refresh_name_keys(entries, announce: bool = True) -> int:
    """Replace the keys of these saved entries; returns how many keys were written.

    With `announce`, the searches that could find a live entry by its old or its new
    keys are made stale (memorial.core.name_generations); a caller that rewrites many
    entries' keys passes False and marks the whole archive changed once instead."""
    from memorial.core.name_generations import names_changed

    entries = list(entries)
    rows = [row for entry in entries for row in key_rows(entry.pk, entry_names(entry))]
    old_keys = EntryNameKey.objects.filter(entry_id__in=[entry.pk for entry in entries])
    live = {entry.pk for entry in entries if entry.live}
    with transaction.atomic():
        touched = {
            key for entry_id, key in old_keys.values_list("entry_id", "key") if entry_id in live
        }
        old_keys.delete()
        EntryNameKey.objects.bulk_create(
            [EntryNameKey(entry_id=pk, kind=kind, key=key) for pk, kind, key in rows],
            batch_size=2000,
        )
    touched.update(key for entry_id, _kind, key in rows if entry_id in live)
    if announce and touched:
        names_changed(touched)
    return len(rows)
