"""Query objects for the public search. Rows always come from memorial.core.privacy."""

import re
import unicodedata
from dataclasses import dataclass

from memorial.core.privacy import public_pages

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Letters and digits of any script, with the apostrophes and hyphens names carry.
WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")


def clean_query_text(raw: str) -> tuple[str, str]:
    """Strip control characters and bound the query; return (text, message for the visitor)."""
    text = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C" or ch == " ")
    text = " ".join(text.split())
    message = ""
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
        message = f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters."
    terms = text.split()
    if len(terms) > MAX_TERMS:
        text = " ".join(terms[:MAX_TERMS])
        message = f"Only the first {MAX_TERMS} words of your search were used."
    return text, message


@dataclass
class SearchQuery:
    text: str
    message: str = ""

    @classmethod
    def from_request(cls, request):
        text, message = clean_query_text(request.GET.get("q", ""))
        return cls(text=text, message=message)

    def __bool__(self):
        return bool(self.text)

    @property
    def terms(self) -> list[str]:
        """Words only: search syntax (quotes, operators, brackets) is never passed through."""
        return [word.casefold() for word in WORD.findall(self.text)]

    def results(self):
        terms = self.terms
        if not terms:
            return public_pages().none()
        return public_pages().specific().search(" ".join(terms), operator="and")
