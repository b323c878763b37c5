"""The database as JSON Lines: every row of every model, primary keys kept, streamed.

Content types and permissions are copied with their ids, so every reference to them
(pages, revisions, tags, group permissions) stays right without natural keys; restore
therefore empties the tables migrate filled before it loads. Left out: sessions (nobody
should be signed in by a backup) and the search index (derived from the pages, rebuilt
after a restore; its SQLite and PostgreSQL tables differ).

Restore reads the rows into the models as the backup's migrations left them (`registry`,
a migration state's apps), not today's: a backup made before a migration that added a
column has no value for it, and its table has no such column until that migration runs.
"""

from collections.abc import Callable, Iterable, Iterator

from django.apps import apps
from django.apps.registry import Apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.jsonl import Deserializer
from django.db import connection, models

CHUNK_SIZE = 2000
PROGRESS_EVERY = 10_000
EXCLUDED_APPS = frozenset({"sessions", "wagtailsearch"})

Progress = Callable[[str], None]


def models_to_copy(registry: Apps = apps) -> list[type[models.Model]]:
    """Every concrete model with a table, parents and foreign-key targets first.

    The order lets signal handlers that look up related rows find them; the database
    itself checks foreign keys only when the load commits.
    """
    candidates = [
        model
        for model in registry.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in EXCLUDED_APPS
    ]
    chosen = set(candidates)
    ordered: list[type[models.Model]] = []
    visiting: set[type[models.Model]] = set()

    def visit(model):
        if model in ordered or model in visiting:
            return  # already placed, or a cycle (pages <-> revisions): the commit sorts it out
        visiting.add(model)
        for field in model._meta.local_fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target in chosen and target is not model:
                visit(target)
        visiting.discard(model)
        ordered.append(model)

    for model in sorted(candidates, key=lambda m: m._meta.label):
        visit(model)
    return ordered


def counted_models(copied: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """The copied models and the many-to-many tables Django made for them."""
    counted = []
    for model in copied:
        counted.append(model)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                counted.append(through)
    return counted


def row_counts(copied: Iterable[type[models.Model]]) -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in counted_models(copied)}


def dump(stream, progress: Progress) -> int:
    """Write every row of every copied model to `stream` (text), one JSON object a line."""
    total = 0

    def rows(model) -> Iterator[models.Model]:
        nonlocal total
        queryset = model._base_manager.order_by("pk")
        for instance in queryset.iterator(chunk_size=CHUNK_SIZE):
            total += 1
            if total % PROGRESS_EVERY == 0:
                progress(f"  {total} rows written ({model._meta.label})")
            yield instance

    for model in models_to_copy():
        serializers.serialize(
            "jsonl",
            rows(model),
            stream=stream,
            use_natural_foreign_keys=False,
            use_natural_primary_keys=False,
        )
    return total


class _BackupDeserializer(Deserializer):
    """Django's JSON Lines reader, finding each row's model in `registry`."""

    def __init__(self, stream, registry: Apps, **options):
        super().__init__(stream, **options)
        self.registry = registry

    def _get_model_from_node(self, model_identifier):
        try:
            return self.registry.get_model(model_identifier)
        except (LookupError, TypeError, ValueError):
            raise DeserializationError(
                f"the dump holds rows of {model_identifier!r}, a model the backup's "
                f"migrations do not have"
            ) from None


def load(stream, registry: Apps, progress: Progress) -> int:
    """Save every object of a dump, the way loaddata does: raw saves, checks at the end.

    Call inside a transaction: foreign keys are checked when it commits (PostgreSQL
    and Django's SQLite tables declare them DEFERRABLE INITIALLY DEFERRED).
    """
    loaded = 0
    loaded_models = set()
    with connection.constraint_checks_disabled():
        for deserialized in _BackupDeserializer(stream, registry, ignorenonexistent=False):
            deserialized.save()
            loaded_models.add(type(deserialized.object))
            loaded += 1
            if loaded % PROGRESS_EVERY == 0:
                progress(f"  {loaded} rows loaded")
    connection.check_constraints(
        table_names=sorted(model._meta.db_table for model in loaded_models)
    )
    reset_sequences(loaded_models)
    return loaded


def reset_sequences(loaded_models) -> None:
    """After rows were inserted with their ids, new rows must get higher ones (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), sorted(loaded_models, key=lambda model: model._meta.label)
    )
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# Filled again by post_migrate after a flush; a database with only these is empty.
RECREATED_BY_DJANGO = frozenset({"contenttypes.ContentType", "auth.Permission"})


def tables_with_rows() -> dict[str, int]:
    """Rows in each copied model's table that exists, leaving out what Django recreates."""
    existing = set(connection.introspection.table_names())
    found = {}
    for model in counted_models(models_to_copy()):
        if model._meta.label in RECREATED_BY_DJANGO or model._meta.db_table not in existing:
            continue
        rows = model._base_manager.count()
        if rows:
            found[model._meta.db_table] = rows
    return found


def empty_tables(registry: Apps) -> None:
    """Delete every row of every table of `registry`'s models, migrations' data and content
    types included (the dump has its own), refilling none; call inside the transaction
    that loads."""
    if connection.vendor == "postgresql":
        # Rows written earlier in the transaction may still have foreign-key checks queued
        # (in tests); PostgreSQL will not TRUNCATE past them, so run them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    existing = set(connection.introspection.table_names(include_views=False))
    tables = {
        model._meta.db_table
        for model in registry.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), sorted(tables & existing), reset_sequences=True)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
