"""The database as JSON Lines: every row of every model, primary keys kept, streamed.

Content types and permissions are copied with their ids, so every reference to them
(pages, revisions, tags, group permissions) stays right without natural keys; restore
therefore empties the tables migrate filled before it loads. Left out: sessions (nobody
should be signed in by a backup) and the search index (derived from the pages, rebuilt
after a restore; its SQLite and PostgreSQL tables differ).
"""

from collections.abc import Callable, Iterable, Iterator

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models

CHUNK_SIZE = 2000
PROGRESS_EVERY = 10_000
EXCLUDED_APPS = frozenset({"sessions", "wagtailsearch"})

Progress = Callable[[str], None]


def models_to_copy() -> list[type[models.Model]]:
    """Every concrete model with a table, parents and foreign-key targets first.

    The order lets signal handlers that look up related rows find them; the database
    itself checks foreign keys only when the load commits.
    """
    candidates = [
        model
        for model in apps.get_models()
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


def load(stream, progress: Progress) -> int:
    """Save every object of a dump, the way loaddata does: raw saves, checks at the end.

    Call inside a transaction: foreign keys are checked when it commits (PostgreSQL
    and Django's SQLite tables declare them DEFERRABLE INITIALLY DEFERRED).
    """
    loaded = 0
    tables = set()
    with connection.constraint_checks_disabled():
        for deserialized in serializers.deserialize("jsonl", stream, ignorenonexistent=False):
            deserialized.save()
            tables.add(deserialized.object._meta.db_table)
            loaded += 1
            if loaded % PROGRESS_EVERY == 0:
                progress(f"  {loaded} rows loaded")
    connection.check_constraints(table_names=sorted(tables))
    reset_sequences()
    return loaded


def reset_sequences() -> None:
    """After rows were inserted with their ids, new rows must get higher ones (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_to_copy())
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


def empty_tables() -> None:
    """Delete every row of every table, migrations' data and content types included (the
    dump has its own), without refilling any; call inside the transaction that loads."""
    if connection.vendor == "postgresql":
        # Rows written earlier in the transaction may still have foreign-key checks queued
        # (in tests); PostgreSQL will not TRUNCATE past them, so run them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
