"""The menu under /az/ and /ru/ once the home page is translated: every public section,
each by its translation where it has one."""

import re

import pytest
from wagtail.models import PageViewRestriction

from ..factories import StandardPageFactory
from .test_i18n import translate

pytestmark = pytest.mark.django_db


def menu(client, address):
    html = client.get(address).content.decode()
    nav = re.search(r'<nav class="primary-nav".*?</nav>', html, re.S)
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', nav.group(0)) if nav else []


def test_untranslated_sections_stay_in_the_menu(client, home, memorial_index, testimony_index):
    translate(home, "az", "Xatirə arxivi")
    translate(memorial_index, "az", "Adlar")
    assert menu(client, "/az/") == [
        ("/az/names/", "Adlar"),
        (f"/az{testimony_index.url}", testimony_index.title),
    ]
    assert menu(client, "/") == [
        ("/names/", "Names"),
        (testimony_index.url, testimony_index.title),
    ]


def test_a_page_only_in_the_visitors_language_is_in_its_menu(client, home, memorial_index):
    az_home = translate(home, "az", "Xatirə arxivi")
    StandardPageFactory(parent=az_home, title="Yalnız azərbaycanca", slug="yalniz")
    assert menu(client, "/az/") == [
        ("/az/names/", "Names"),
        ("/az/yalniz/", "Yalnız azərbaycanca"),
    ]
    assert menu(client, "/") == [("/names/", "Names")]


def test_a_hidden_section_or_translation_is_not_in_the_menu(client, home, memorial_index):
    translate(home, "az", "Xatirə arxivi")
    closed = translate(memorial_index, "az", "Gizli adlar")
    PageViewRestriction.objects.create(page=closed, restriction_type="password", password="x")
    about = StandardPageFactory(parent=home, title="About", slug="about")
    PageViewRestriction.objects.create(page=about, restriction_type="password", password="x")
    assert menu(client, "/az/") == [("/az/names/", "Names")]
