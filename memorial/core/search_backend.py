"""Wagtail's database search backend, with two mends.

On SQLite a search word holding a double quote (`a"b`, or a lone `"`) ended the FTS5 string
it is written into, and the admin's page searches failed with a 500 (wagtail/wagtail#13227,
open). Inside an FTS5 string a quote is written twice; the tokenizer then reads it as the
separator it is.

On PostgreSQL, indexing one page (every save, publish and family proposal) averaged the
title length over the whole index and then scanned the whole index for rows still
un-normalised: two full scans per page, about 0.3 s at 100,000 entries and seconds at a
million. Here only the rows just indexed are normalised, by the index's unique key, with an
average that is computed at most once an hour: the average title length of a large archive
hardly moves, and it only weighs titles against bodies in the admin's ranking. A rebuild
(`update_index`) and an import's last step still renormalise every row exactly.
"""

from django.core.cache import cache
from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.backends import database
from modelsearch.backends.database.postgres.postgres import PostgresIndex
from modelsearch.query import PlainText
from modelsearch.utils import get_content_type_pk

TITLE_LENGTH_AVERAGE_KEY = "search:title-length-average"
TITLE_LENGTH_AVERAGE_SECONDS = 60 * 60


def _quote_safe(compiler_class):
    class QuoteSafeCompiler(compiler_class):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText) and '"' in query.query_string:
                query = PlainText(
                    query.query_string.replace('"', '""'),
                    operator=query.operator,
                    boost=query.boost,
                )
            return super().build_search_query_content(query, config=config)

    QuoteSafeCompiler.__name__ = f"QuoteSafe{compiler_class.__name__}"
    return QuoteSafeCompiler


class NewRowsNormalisedIndex(PostgresIndex):
    def add_items(self, model, objs):
        objs = list(objs)
        self._just_added = (get_content_type_pk(model), [str(obj.pk) for obj in objs])
        try:
            super().add_items(model, objs)
        finally:
            self._just_added = None

    def _refresh_title_norms(self, full=False):
        just_added = getattr(self, "_just_added", None)
        if full or just_added is None:
            super()._refresh_title_norms(full=full)
            cache.delete(TITLE_LENGTH_AVERAGE_KEY)
            return
        content_type_pk, object_ids = just_added
        average = self._title_length_average()
        if average is None:
            return
        self.entries.filter(content_type_id=content_type_pk, object_id__in=object_ids).annotate(
            title_length=Length("title")
        ).filter(title_length__gt=0).update(title_norm=average / F("title_length"))

    def _title_length_average(self):
        average = cache.get(TITLE_LENGTH_AVERAGE_KEY)
        if average is None:
            average = (
                self.entries.annotate(title_length=Length("title"))
                .filter(title_length__gt=0)
                .aggregate(Avg("title_length"))["title_length__avg"]
            )
            if average is not None:
                cache.set(TITLE_LENGTH_AVERAGE_KEY, average, TITLE_LENGTH_AVERAGE_SECONDS)
        return average


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    backend = database.SearchBackend(params)
    if backend.__class__.__name__ == "SQLiteSearchBackend":
        backend.query_compiler_class = _quote_safe(backend.query_compiler_class)
        backend.autocomplete_query_compiler_class = _quote_safe(
            backend.autocomplete_query_compiler_class
        )
    elif backend.__class__.__name__ == "PostgresSearchBackend":
        backend.index_class = NewRowsNormalisedIndex
    return backend
