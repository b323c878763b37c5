"""The admin's searches take any text (memorial.core.search_backend)."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from ..factories import MemorialEntryPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

QUOTED = ['"', 'a"b', '"Tessaro', 'Tessaro"', '"Ilmar Tessaro"', '""', "O'Quinn \"x"]


@pytest.mark.parametrize("text", QUOTED)
def test_admin_searches_take_double_quotes(admin_client, memorial_index, home, text):
    MemorialEntryPageFactory(parent=memorial_index, given_name="Ilmar", family_name="Tessaro")
    addresses = [
        reverse("wagtailadmin_explore", args=[memorial_index.pk]),
        reverse("wagtailadmin_choose_page_search"),
        reverse("wagtailadmin_pages:search"),
        "/admin/memorial_entries/",
    ]
    for address in addresses:
        assert admin_client.get(address, {"q": text}).status_code == 200, address


def test_a_quoted_word_still_finds_its_page(home):
    StandardPageFactory(parent=home, title="Quellmarin visits", slug="visits")
    found = Page.objects.search('"Quellmarin"', operator="and")
    assert [page.title for page in found] == ["Quellmarin visits"]
    assert list(Page.objects.search('Quell"marin')) is not None  # answered, not an error
