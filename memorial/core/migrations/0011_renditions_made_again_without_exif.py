"""Renditions made before they were stripped of EXIF may carry an original's GPS position
(memorial.core.renditions): drop them all, files included, so each is drawn again, clean,
when it is next asked for. Cached pages name renditions by id, so the caches are renewed
too (an owed renewal: the next process to reach the cache pays it), and Wagtail's own
cache of rendition rows is told they are gone (it forgets them within minutes anyway)."""

import contextlib

from django.db import migrations, transaction
from wagtail.images.models import AbstractRendition


def drop_renditions(apps, schema_editor):
    Rendition = apps.get_model("core", "ArchiveRendition")
    OwedCacheRenewal = apps.get_model("core", "OwedCacheRenewal")
    if not Rendition.objects.exists():
        return
    files, cache_keys = [], []
    for rendition in Rendition.objects.select_related("image").iterator(chunk_size=1000):
        if rendition.file.name:
            files.append((rendition.file.storage, rendition.file.name))
        cache_keys.append(
            AbstractRendition.construct_cache_key(
                rendition.image, rendition.focal_point_key, rendition.filter_spec
            )
        )
    Rendition.objects.all().delete()
    OwedCacheRenewal.objects.create()

    def delete_files():
        # The cache may be down; its entries expire within minutes anyway.
        with contextlib.suppress(Exception):
            AbstractRendition.cache_backend.delete_many(cache_keys)
        for storage, name in files:
            storage.delete(name)

    # Only once the rows are gone for good: a rolled-back migration keeps its files.
    alias = schema_editor.connection.alias if schema_editor else "default"
    transaction.on_commit(delete_files, using=alias)


class Migration(migrations.Migration):
    dependencies = [("core", "0010_archivists_translate_and_read_fixity")]

    operations = [migrations.RunPython(drop_renditions, migrations.RunPython.noop)]
