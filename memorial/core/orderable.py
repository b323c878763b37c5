"""Child rows made in code, numbered in the order they are given.

Wagtail's editor numbers a page's inline rows (`sort_order`) when it saves them. Rows made
in code (a family's proposal or remembrance, the demo) had no number, and rows without one
come back in whatever order the database happens to find them: a family's spellings and
photographs, or a testimony's passages, could change places after the first edit.
"""


def in_order(rows) -> list:
    rows = list(rows)
    for position, row in enumerate(rows):
        row.sort_order = position
    return rows
