"""The admin's Copy keeps each record once (memorial.core.copying)."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from memorial.entries.models import MemorialEntryPage

from ..factories import MemorialEntryPageFactory, MemorialIndexPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def names(home):
    return MemorialIndexPageFactory(parent=home, title="Names", slug="names")


@pytest.fixture
def entry(names):
    return MemorialEntryPageFactory(parent=names, given_name="Ilmar", family_name="Tessaro")


def copy_in_admin(admin_client, page, parent, **options):
    data = {"new_title": "Copy", "new_slug": "copy", "new_parent_page": parent.pk}
    data.update({name: "on" for name, chosen in options.items() if chosen})
    return admin_client.post(reverse("wagtailadmin_pages:copy", args=[page.pk]), data)


def test_a_record_is_never_aliased(admin_client, home, names, entry):
    other = MemorialIndexPageFactory(parent=home, title="Other", slug="other")
    form = admin_client.get(reverse("wagtailadmin_pages:copy", args=[entry.pk])).content
    assert b'name="alias"' not in form
    # A forged alias is ignored: the copy is a new record with an identifier of its own.
    response = copy_in_admin(admin_client, entry, other, alias=True, publish_copies=True)
    assert response.status_code == 302
    copy = MemorialEntryPage.objects.exclude(pk=entry.pk).get()
    assert copy.alias_of_id is None
    assert copy.identifier != entry.identifier


def test_a_collection_is_never_aliased(admin_client, home, names, entry):
    form = admin_client.get(reverse("wagtailadmin_pages:copy", args=[names.pk])).content
    assert b'name="alias"' not in form
    response = copy_in_admin(admin_client, names, home, alias=True, publish_copies=True)
    assert response.status_code == 302
    assert not Page.objects.filter(alias_of=names).exists()


def test_an_alias_of_a_subtree_holding_records_is_refused(admin_client, home, names, entry):
    response = copy_in_admin(
        admin_client, home, home.get_parent(), alias=True, publish_copies=True, copy_subpages=True
    )
    assert response.status_code == 200
    assert "a record is kept once" in response.content.decode()
    assert MemorialEntryPage.objects.count() == 1


def test_an_editorial_page_may_still_be_aliased(admin_client, home):
    about = StandardPageFactory(parent=home, title="About", slug="about")
    response = copy_in_admin(admin_client, about, home, alias=True, publish_copies=True)
    assert response.status_code == 302
    assert Page.objects.filter(alias_of=about).exists()


def test_records_are_not_copied_into_another_language(admin_client, home, names, entry):
    az_home = home.copy_for_translation(Locale.objects.get(language_code="az"))
    response = copy_in_admin(admin_client, names, az_home, copy_subpages=True)
    assert response.status_code == 200
    assert "never translated" in response.content.decode()
    assert MemorialEntryPage.objects.count() == 1

    response = copy_in_admin(admin_client, names, az_home, copy_subpages=False)
    assert response.status_code == 302
    assert Page.objects.get(slug="copy").get_parent().pk == az_home.pk
    assert MemorialEntryPage.objects.count() == 1


def test_a_collection_is_still_copied_with_its_people_in_the_default_language(
    admin_client, home, names, entry
):
    response = copy_in_admin(admin_client, names, home, copy_subpages=True)
    assert response.status_code == 302
    copies = MemorialEntryPage.objects.exclude(pk=entry.pk)
    assert copies.count() == 1
    assert copies.get().identifier != entry.identifier


def test_the_admin_apis_copy_action_keeps_records_out_of_another_language(
    admin_client, home, names, entry
):
    az_home = home.copy_for_translation(Locale.objects.get(language_code="az"))
    url = f"/admin/api/main/pages/{names.pk}/action/copy/"
    response = admin_client.post(
        url,
        {"destination_page_id": az_home.pk, "recursive": True},
        content_type="application/json",
    )
    assert response.status_code in (400, 403), response.content
    assert MemorialEntryPage.objects.count() == 1
    # The same copy within the default language is an archivist's choice, and allowed.
    response = admin_client.post(
        url,
        {"destination_page_id": home.pk, "recursive": True, "slug": "names-2"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert MemorialEntryPage.objects.count() == 2
