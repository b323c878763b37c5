"""Addresses of documents shown on public pages.

A document's usual address ends in its stored file name, which an archivist may have
named after the person it concerns ("birth-certificate-…pdf"). For a document in a
private collection, the page shows the address without the name: following it still asks
for the collection's password or login, and only then is the file, and its name, given.
"""

from django.urls import reverse
from django.utils.html import escape
from wagtail.documents.rich_text import DocumentLinkHandler

from .private_collections import private_collection_ids


def nameless_address(document) -> str:
    return reverse("archive_document", args=(document.pk, ""))


def document_address(document) -> str:
    """The address a public page links `document` by."""
    private = document.collection_id in private_collection_ids()
    return nameless_address(document) if private else document.url


class PrivateDocumentLinkHandler(DocumentLinkHandler):
    """Wagtail's rich-text document links, by their nameless address when private."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        return [
            f'<a href="{escape(document_address(doc))}">' if doc else "<a>"
            for doc in cls.get_many(attrs_list)
        ]
