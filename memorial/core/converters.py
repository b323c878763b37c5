"""URL converters."""

import re

from django.urls import register_converter


class DatabaseId:
    """A row id in a URL: a whole number a database integer column can hold. Longer digit
    runs match nothing (404), instead of reaching the database, which refuses them (SQLite
    with an OverflowError)."""

    regex = "[0-9]{1,10}"
    MAX = 2**31 - 1

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.MAX:
            raise ValueError("past the largest id")  # the URL does not match
        return number

    def to_url(self, value) -> str:
        return str(value)

    @classmethod
    def parse(cls, text) -> int | None:
        """The id `text` spells in ASCII digits, as in a URL; else None. Not int(): it also
        reads "١٢" (Arabic-Indic digits), and str.isdigit() passes "²", which int() refuses."""
        if not (isinstance(text, str) and re.fullmatch(cls.regex, text, flags=re.ASCII)):
            return None
        number = int(text)
        return number if number <= cls.MAX else None


register_converter(DatabaseId, "id")
