"""A collection translated into the visitor's language is named and linked in that language
wherever it is shown: on the home page and in the breadcrumb of the people it holds."""

import re

import pytest
from wagtail.models import PageViewRestriction

from ..core.test_i18n import translate
from ..factories import MemorialEntryPageFactory, TestimonyPageFactory

pytestmark = pytest.mark.django_db


def collection_links(html):
    return re.findall(
        r'class="collection-link" href="([^"]*)">\s*<span class="collection-link__title">([^<]*)<',
        html,
    )


def breadcrumb(html):
    nav = html.split('class="breadcrumb"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', nav)


def test_the_home_page_names_a_collection_in_the_visitors_language(client, home, memorial_index):
    translate(home, "az", "Xatirə arxivi")
    translate(memorial_index, "az", "Adlar")
    MemorialEntryPageFactory(parent=memorial_index)
    assert collection_links(client.get("/az/").content.decode()) == [("/az/names/", "Adlar")]
    # Russian has no translation of the collection: the English one, under /ru/.
    assert collection_links(client.get("/ru/").content.decode()) == [("/ru/names/", "Names")]
    assert collection_links(client.get("/").content.decode()) == [("/names/", "Names")]


def test_an_entry_names_its_collection_in_the_visitors_language(client, home, memorial_index):
    translate(home, "az", "Xatirə arxivi")
    translate(memorial_index, "az", "Adlar")
    entry = MemorialEntryPageFactory(parent=memorial_index)
    assert breadcrumb(client.get(f"/az{entry.url}").content.decode()) == [("/az/names/", "Adlar")]
    assert breadcrumb(client.get(f"/ru{entry.url}").content.decode()) == [("/ru/names/", "Names")]
    assert breadcrumb(client.get(entry.url).content.decode()) == [("/names/", "Names")]


def test_a_testimony_names_its_collection_in_the_visitors_language(client, home, testimony_index):
    translate(home, "az", "Xatirə arxivi")
    translate(testimony_index, "az", "Şahidliklər toplusu")
    testimony = TestimonyPageFactory(parent=testimony_index)
    crumbs = breadcrumb(client.get(f"/az{testimony.url}").content.decode())
    assert crumbs == [(f"/az{testimony_index.url}", "Şahidliklər toplusu")]


@pytest.mark.parametrize("hidden", ["draft", "private"])
def test_a_hidden_translation_of_a_collection_is_not_named(client, home, memorial_index, hidden):
    translate(home, "az", "Xatirə arxivi")
    closed = translate(memorial_index, "az", "Gizli adlar", live=hidden != "draft")
    if hidden == "private":
        PageViewRestriction.objects.create(page=closed, restriction_type="password", password="x")
    entry = MemorialEntryPageFactory(parent=memorial_index)
    for address in ("/az/", f"/az{entry.url}"):
        assert "Gizli adlar" not in client.get(address).content.decode()
