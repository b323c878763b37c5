"""Key again the names the word rules used to split: typed decomposed (NFD), with vowel
points or other marks, or with the apostrophes ‘ and `. Other entries' keys are unchanged."""

import unicodedata

from django.db import migrations

NAME_FIELDS = ("given_name", "patronymic", "family_name", "birth_name")
NEWLY_KEPT_APOSTROPHES = ("‘", "`")


def split_before(name: str) -> bool:
    composed = unicodedata.normalize("NFC", name)
    return (
        composed != name
        or any(unicodedata.category(char)[0] == "M" for char in composed)
        or any(mark in name for mark in NEWLY_KEPT_APOSTROPHES)
    )


def rekey(apps, schema_editor):
    from memorial.core.matching.keys import name_keys

    Entry = apps.get_model("entries", "MemorialEntryPage")
    Variant = apps.get_model("entries", "EntryNameVariant")
    NameKey = apps.get_model("entries", "EntryNameKey")
    affected = set()
    for pk, *fields in Entry.objects.values_list("pk", *NAME_FIELDS).iterator(chunk_size=5000):
        if any(split_before(name) for name in fields if name):
            affected.add(pk)
    for page_id, name in Variant.objects.values_list("page_id", "name").iterator(chunk_size=5000):
        if split_before(name):
            affected.add(page_id)
    ordered = sorted(affected)
    batches = (ordered[start : start + 500] for start in range(0, len(ordered), 500))
    for entry in (entry for batch in batches for entry in Entry.objects.filter(pk__in=batch)):
        names = [(getattr(entry, field), "") for field in NAME_FIELDS if getattr(entry, field)]
        variants = Variant.objects.filter(page_id=entry.pk).order_by("pk")
        names += list(variants.values_list("name", "language"))
        NameKey.objects.filter(entry_id=entry.pk).delete()
        NameKey.objects.bulk_create(
            NameKey(entry_id=entry.pk, kind=kind, key=key) for kind, key in sorted(name_keys(names))
        )


class Migration(migrations.Migration):
    dependencies = [("entries", "0005_media_block_requires_transcript")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
