"""Records are kept once and never translated; editorial pages are (memorial.core.translation)."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale, Page

from memorial.core.translation import RecordNotTranslatable, editorial_descendants
from memorial.entries.models import MemorialEntryPage, MemorialIndexPage
from memorial.remembrances.models import RemembrancePage
from memorial.remembrances.proposals import ProposalForm

from ..factories import (
    GalleryIndexPageFactory,
    GalleryPageFactory,
    MemorialEntryPageFactory,
    MemorialIndexPageFactory,
    StandardPageFactory,
    TestimonyIndexPageFactory,
    TestimonyPageFactory,
)

pytestmark = pytest.mark.django_db


def translate_url(page):
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


def az():
    return Locale.objects.get(language_code="az")


def translate_in_admin(admin_client, page, **data):
    return admin_client.post(translate_url(page), {"locales": [az().pk], **data}, follow=True)


@pytest.fixture
def names(home):
    return MemorialIndexPageFactory(parent=home, title="Names", slug="names")


@pytest.fixture
def records(names, home):
    entry = MemorialEntryPageFactory(parent=names, given_name="Ilmar", family_name="Tessaro")
    remembrance = entry.add_child(
        instance=RemembrancePage(title="A remembrance", slug="remembrance", text="Fictional.")
    )
    testimony = TestimonyPageFactory(parent=TestimonyIndexPageFactory(parent=home))
    gallery = GalleryPageFactory(parent=GalleryIndexPageFactory(parent=home))
    return [entry, remembrance, testimony, gallery]


def test_admin_refuses_to_translate_every_kind_of_record(admin_client, records):
    for record in records:
        before = Page.objects.count()
        for response in (
            admin_client.get(translate_url(record), follow=True),
            translate_in_admin(admin_client, record),
        ):
            html = response.content.decode()
            assert response.redirect_chain[-1][0] == reverse(
                "wagtailadmin_pages:edit", args=[record.pk]
            ), record
            assert "is a record, and records are not translated" in html, record
        assert Page.objects.count() == before, record
        assert not record.get_translations().exists(), record


def test_code_cannot_translate_a_record_either(records):
    for record in records:
        with pytest.raises(RecordNotTranslatable):
            record.copy_for_translation(az(), copy_parents=True)


def test_an_editorial_page_is_translated_in_the_admin(admin_client, home):
    about = StandardPageFactory(parent=home, title="About", slug="about")
    # its parent first: Wagtail greys the language out, and a forced post is refused clearly
    response = translate_in_admin(admin_client, about)
    assert "Translate the parent page into" in response.content.decode()
    assert not about.get_translations().exists()
    home.copy_for_translation(az())
    response = translate_in_admin(admin_client, about)
    assert response.status_code == 200
    translated = about.get_translation(az())
    assert response.redirect_chain[-1][0] == reverse(
        "wagtailadmin_pages:edit", args=[translated.pk]
    )


def test_a_collection_with_its_subtree_copies_its_editorial_pages_and_no_record(
    admin_client, home, names, records
):
    entry = records[0]
    notes = StandardPageFactory(parent=home, title="Notes", slug="notes")
    StandardPageFactory(parent=notes, title="Sources", slug="sources")
    form_html = admin_client.get(translate_url(names)).content.decode()
    # the entry and its remembrance are not counted as pages the copy would bring
    assert "Include subtree" not in form_html
    assert editorial_descendants(names).count() == 0
    assert (
        "Include the 1 editorial page beneath it"
        in admin_client.get(translate_url(notes)).content.decode()
    )

    home.copy_for_translation(az())
    translate_in_admin(admin_client, names, include_subtree="on")
    translate_in_admin(admin_client, notes, include_subtree="on")
    assert names.get_translation(az())
    assert notes.get_translation(az()).get_children().count() == 1
    assert MemorialEntryPage.objects.count() == 1
    assert RemembrancePage.objects.count() == 1
    assert entry.get_translations().count() == 0


def test_a_translated_collection_lists_the_records_of_the_collection_it_translates(
    client, home, names, records
):
    entry = records[0]
    home.copy_for_translation(az()).save_revision().publish()
    translated = names.copy_for_translation(az())
    translated.title = "Adlar"
    translated.save_revision().publish()
    html = client.get("/az/names/").content.decode()
    assert "Adlar" in html and "Tessaro" in html
    # and the entry is read from there, in the interface's language
    assert client.get(f"/az/names/{entry.slug}/").status_code == 200


def test_records_are_created_only_in_the_default_language(home, names):
    home.copy_for_translation(az())
    translated = names.copy_for_translation(az())
    assert MemorialEntryPage.can_create_at(names)
    assert not MemorialEntryPage.can_create_at(translated)
    assert MemorialIndexPage.can_create_at(home.get_translation(az()))


def test_the_admin_offers_no_translate_button_on_records(admin_client, names, records):
    entry = records[0]
    about = StandardPageFactory(parent=names.get_parent(), title="About", slug="about")
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[names.pk])).content.decode()
    assert translate_url(entry) not in listing
    assert 'href="' + reverse("wagtailadmin_pages:edit", args=[entry.pk]) in listing
    home_listing = admin_client.get(
        reverse("wagtailadmin_explore", args=[about.get_parent().pk])
    ).content.decode()
    assert translate_url(about) in home_listing


def test_the_edit_view_offers_no_translate_button_on_records(admin_client, records, home):
    about = StandardPageFactory(parent=home, title="About", slug="about")
    for page, offered in [*((record, False) for record in records), (about, True)]:
        html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
        assert (translate_url(page) in html.decode()) is offered, page


def test_a_translated_collection_is_not_a_second_collection(tmp_path, home, names, client):
    def named_on_home():
        return len(re.findall(r">\s*Names\s*<", client.get("/").content.decode()))

    before = named_on_home()
    names.copy_for_translation(az(), copy_parents=True).save_revision().publish()
    assert list(MemorialIndexPage.collections()) == [names]
    assert [str(c) for c, _ in ProposalForm().fields["collection"].choices if c] == [str(names.pk)]
    # the home page (its navigation and its list of collections) names it no more often
    assert named_on_home() == before
    # an import by slug lands in the default language's collection
    rows = tmp_path / "names.csv"
    rows.write_text("id,given_name,family_name,collection\np-1,Ilmar,Vesterlund,names\n")
    call_command("import_entries", str(rows), stdout=io.StringIO(), stderr=io.StringIO())
    assert MemorialEntryPage.objects.get().get_parent().pk == names.pk
