"""CSV cells that a spreadsheet would run as formulas, and back.

A name a family proposed can start with "=", "+", "-" or "@"; opened in a spreadsheet, an
exported CSV would run it (`=HYPERLINK(…)`, DDE). Exported cells that start so get an
apostrophe in front, which spreadsheets show as text and hide; the importer takes it off
again, so an export imports as it was.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def guarded(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return GUARD + value
    return value


def unguarded(value: str) -> str:
    if value.startswith(GUARD) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
