"""The entry editor asks the same queries however many relatives an entry has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MemorialEntryPageFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def test_the_entry_editor_reads_the_relatives_in_the_same_queries_however_many(
    archivist, memorial_index
):
    """Each relative's chooser asked for the relative and again for their collection."""
    entry = MemorialEntryPageFactory(parent=memorial_index)
    url = reverse("wagtailadmin_pages:edit", args=[entry.pk])

    def queries_with(relatives):
        while entry.relationships.count() < relatives:
            relative = MemorialEntryPageFactory(parent=memorial_index)
            RelationshipFactory(page=entry, related_entry=relative, relation="sibling")
        archivist.get(url)  # what the first visit caches
        with CaptureQueriesContext(connection) as queries:
            html = archivist.get(url).content.decode()
        assert relative.title in html, "the chooser shows the relative"
        assert f'"parentId": {memorial_index.pk}' in html, "and opens on their collection"
        return len(queries)

    assert queries_with(3) == queries_with(12)
