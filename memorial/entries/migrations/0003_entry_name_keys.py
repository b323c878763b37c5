import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from memorial.core.matching.keys import name_keys

NAME_FIELDS = ("given_name", "patronymic", "family_name", "birth_name")
# On an expression, so that the planner never prefers it for plain `key = …` lookups;
# close-spelling searches ask for `lower(key) % term`.
TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS entry_name_key_trgm_idx ON entries_entrynamekey "
    "USING gin (lower(key) gin_trgm_ops) WHERE kind = 1"
)


def postgresql_only(sql):
    """Run SQL on PostgreSQL only: SQLite has no trigram index and needs none."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def key_existing_entries(apps, schema_editor):
    """Key the names of entries created before this migration (empty on a new archive)."""
    entry_model = apps.get_model("entries", "MemorialEntryPage")
    variant_model = apps.get_model("entries", "EntryNameVariant")
    key_model = apps.get_model("entries", "EntryNameKey")
    entries = entry_model.objects.order_by("pk").values_list("pk", *NAME_FIELDS)
    batch = []
    for pk, *names in entries.iterator(chunk_size=2000):
        variants = variant_model.objects.filter(page_id=pk).values_list("name", "language")
        pairs = [(name, "") for name in names if name] + list(variants)
        batch += [key_model(entry_id=pk, kind=k, key=key) for k, key in name_keys(pairs)]
        if len(batch) > 5000:
            key_model.objects.bulk_create(batch)
            batch = []
    key_model.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("entries", "0002_entry_letter_index"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="EntryNameKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.PositiveSmallIntegerField(
                        choices=[(0, "exact"), (1, "spelling"), (2, "sound")]
                    ),
                ),
                ("key", models.CharField(max_length=64)),
                (
                    "entry",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="name_keys",
                        to="entries.memorialentrypage",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["key", "kind", "entry"], name="entry_name_key_lookup_idx"),
                    models.Index(
                        fields=["key"],
                        name="entry_name_key_prefix_idx",
                        opclasses=["varchar_pattern_ops"],
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("entry", "kind", "key"), name="unique_entry_name_key"
                    )
                ],
            },
        ),
        migrations.RunPython(
            postgresql_only(TRIGRAM_INDEX),
            postgresql_only("DROP INDEX IF EXISTS entry_name_key_trgm_idx"),
        ),
        migrations.RunPython(key_existing_entries, migrations.RunPython.noop),
    ]
