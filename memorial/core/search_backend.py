"""Wagtail's database search backend, with one mend for SQLite.

On SQLite a search word holding a double quote (`a"b`, or a lone `"`) ended the FTS5 string
it is written into, and the admin's page searches failed with a 500 (wagtail/wagtail#13227,
open). Inside an FTS5 string a quote is written twice; the tokenizer then reads it as the
separator it is. Every other database is left to Wagtail.
"""

from modelsearch.backends import database
from modelsearch.query import PlainText


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


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    backend = database.SearchBackend(params)
    if backend.__class__.__name__ == "SQLiteSearchBackend":
        backend.query_compiler_class = _quote_safe(backend.query_compiler_class)
        backend.autocomplete_query_compiler_class = _quote_safe(
            backend.autocomplete_query_compiler_class
        )
    return backend
