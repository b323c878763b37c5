"""CSV cells that a spreadsheet would run as formulas, and back.

A name a family proposed can start with "=", "+", "-" or "@"; opened in a spreadsheet, an
exported CSV would run it (`=HYPERLINK(…)`, DDE). Exported cells that start so get an
apostrophe in front, which spreadsheets show as text and hide; the importer takes it off
again, so an export imports as it was.

A value that already starts with apostrophes before such a sign ("'-Ali") gets one more
too: otherwise the importer would take its own apostrophe off. So `unguarded` undoes
`guarded` exactly.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def _needs_guard(value: str) -> bool:
    return value.lstrip(GUARD).startswith(FORMULA_STARTS)


def guarded(value):
    if isinstance(value, str) and _needs_guard(value):
        return GUARD + value
    return value


def unguarded(value: str) -> str:
    if value.startswith(GUARD) and _needs_guard(value[1:]):
        return value[1:]
    return value
