"""Addresses of documents shown on public pages.

A document's usual address ends in its stored file name, which an archivist may have
named after the person it concerns ("birth-certificate-…pdf"). For a document in a
private collection, the page shows the address without the name: following it still asks
for the collection's password or login, and only then is the file, and its name, given.
"""

from django.urls import reverse
from django.utils.html import escape
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.models import CollectionViewRestriction


def restricted_collection_ids(collection_ids) -> set[int]:
    """Which of these collections have a view restriction, in one query."""
    return set(
        CollectionViewRestriction.objects.filter(collection_id__in=set(collection_ids))
        .values_list("collection_id", flat=True)
        .distinct()
    )


def nameless_address(document) -> str:
    return reverse("archive_document", args=(document.pk, ""))


def document_address(document, restricted: set[int] | None = None) -> str:
    """The address a public page links `document` by. `restricted`: the restricted
    collections' ids, when already known."""
    if restricted is None:
        restricted = restricted_collection_ids([document.collection_id])
    return nameless_address(document) if document.collection_id in restricted else document.url


class PrivateDocumentLinkHandler(DocumentLinkHandler):
    """Wagtail's rich-text document links, by their nameless address when private."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        documents = cls.get_many(attrs_list)
        restricted = restricted_collection_ids(doc.collection_id for doc in documents if doc)
        return [
            f'<a href="{escape(document_address(doc, restricted))}">' if doc else "<a>"
            for doc in documents
        ]
