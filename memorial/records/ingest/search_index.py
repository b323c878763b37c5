"""Index a batch of new entries without building a model object per entry.

On PostgreSQL, modelsearch's `add_items` builds a Django expression tree for every text
of every object, which costs more than the whole import. Here each entry's texts are
gathered by walking `MemorialEntryPage.search_fields` over the row values (same fields,
weights and order as modelsearch's indexer), COPYed into a temporary table, and
PostgreSQL builds the title, autocomplete and body vectors in one INSERT … SELECT per
batch. Other databases index through the backend's own bulk method.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, router
from modelsearch.backends.database.postgres.postgres import IndexEntry, PostgresSearchBackend
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.utils import get_content_type_pk
from wagtail.search.backends import get_search_backends

from memorial.entries.models import MemorialEntryPage

WEIGHTS = ("A", "B", "C", "D")
TEMP_TABLE = "memorial_import_index_texts"


@dataclass
class IndexDocument:
    object_id: str
    title: dict = field(default_factory=lambda: defaultdict(list))
    body: dict = field(default_factory=lambda: defaultdict(list))
    autocomplete: list = field(default_factory=list)
    title_plain: list = field(default_factory=list)
    body_plain: list = field(default_factory=list)

    def add(self, search_field, weight, text):
        text = (text or "").strip()
        if not text:
            return
        if isinstance(search_field, AutocompleteField):
            self.autocomplete.append(text)
        elif search_field.field_name == "title":
            self.title[weight].append(text)
            self.title_plain.append(text)
        else:
            self.body[weight].append(text)
            self.body_plain.append(text)


def entry_document(page_id, values: dict, variants: list[str], biography_text: str):
    document = IndexDocument(str(page_id))
    source = {**values, "biography": biography_text}
    for search_field in MemorialEntryPage.get_search_fields():
        if isinstance(search_field, SearchField):
            document.add(
                search_field, get_weight(search_field.boost), source.get(search_field.field_name)
            )
        elif isinstance(search_field, AutocompleteField):
            document.add(search_field, "D", source.get(search_field.field_name))
        elif isinstance(search_field, RelatedFields) and search_field.field_name == "name_variants":
            for name in variants:
                for sub_field in search_field.fields:
                    if isinstance(sub_field, SearchField):
                        document.add(sub_field, get_weight(sub_field.boost), name)
    return document


def index_new_entries(rows: list[tuple]) -> None:
    """Index new entries given as (page id, values, name variants, biography text)."""
    if not rows:
        return
    for backend in get_search_backends(with_auto_update=True):
        if isinstance(backend, PostgresSearchBackend):
            # Weights are only known once a PostgreSQL backend exists, as it does here.
            _postgres_add(backend, [entry_document(*row) for row in rows])
        else:
            entries = MemorialEntryPage.objects.filter(
                pk__in=[row[0] for row in rows]
            ).prefetch_related("name_variants")
            backend.add_bulk(MemorialEntryPage, list(entries))


def finish_indexing() -> None:
    """Once per import, not per batch: the title length norms used for ranking."""
    for backend in get_search_backends(with_auto_update=True):
        if isinstance(backend, PostgresSearchBackend):
            backend.get_index_for_model(MemorialEntryPage)._refresh_title_norms()


def _vectors(prefix: str, config_sql: str) -> str:
    return " || ".join(
        f"setweight(to_tsvector({config_sql}coalesce({prefix}_{w.lower()}, '')), '{w}')"
        for w in WEIGHTS
    )


def _postgres_add(backend, documents: list[IndexDocument]) -> None:
    columns = [
        "object_id",
        *(f"{part}_{w.lower()}" for part in ("title", "body") for w in WEIGHTS),
        "autocomplete",
        "title_text",
        "body_text",
    ]
    rows = [
        [
            document.object_id,
            *(" ".join(document.title.get(w, [])) for w in WEIGHTS),
            *(" ".join(document.body.get(w, [])) for w in WEIGHTS),
            " ".join(document.autocomplete),
            " ".join(document.title_plain),
            " ".join(document.body_plain),
        ]
        for document in documents
    ]
    config_sql = "%s::regconfig, " if backend.config else ""
    config_params = [backend.config] * len(WEIGHTS) if backend.config else []
    connection = connections[router.db_for_write(IndexEntry)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {TEMP_TABLE} ("
            + ", ".join(f"{column} text" for column in columns)
            + ")"
        )
        with cursor.cursor.copy(f"COPY {TEMP_TABLE} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"""
            INSERT INTO {IndexEntry._meta.db_table}
                (content_type_id, object_id, title, autocomplete, body, title_norm,
                 title_text, body_text)
            SELECT %s, object_id, {_vectors("title", config_sql)},
                   setweight(to_tsvector(%s::regconfig, coalesce(autocomplete, '')), 'D'),
                   {_vectors("body", config_sql)}, 1.0, title_text, body_text
            FROM {TEMP_TABLE}
            ON CONFLICT (content_type_id, object_id) DO UPDATE SET
                title = EXCLUDED.title, title_norm = 1.0,
                autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,
                title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
            """,
            [
                get_content_type_pk(MemorialEntryPage),
                *config_params,
                backend.autocomplete_config,
                *config_params,
            ],
        )
        cursor.execute(f"TRUNCATE {TEMP_TABLE}")
