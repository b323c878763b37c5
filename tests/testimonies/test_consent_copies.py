"""No copy of a testimony whose narrator withdrew consent, by any path (memorial.testimonies.
copy_guard): a copy has no consent record, so nothing would keep it unpublished."""

import pytest
from wagtail.models import Locale, Page

from memorial.core.translation import RecordNotTranslatable
from memorial.testimonies.copy_guard import CopyRefused
from memorial.testimonies.models import ConsentRecord, TestimonyPage

from ..factories import TestimonyIndexPageFactory, TestimonyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index, title="Withdrawn Orsenne")
    ConsentRecord.objects.create(testimony=testimony, status="withdrawn")
    return testimony


def count_of(title):
    return TestimonyPage.objects.filter(title=title).count()


def test_copying_it_from_code_is_refused(withdrawn):
    with pytest.raises(
        CopyRefused, match="consent is recorded as withdrawn for “Withdrawn Orsenne”"
    ):
        withdrawn.copy(update_attrs={"slug": "copy"}, keep_live=False)
    assert count_of("Withdrawn Orsenne") == 1


def test_copying_it_as_a_plain_page_is_refused(withdrawn):
    with pytest.raises(CopyRefused):
        Page.objects.get(pk=withdrawn.pk).copy(update_attrs={"slug": "copy"})
    assert count_of("Withdrawn Orsenne") == 1


def test_copying_its_section_or_the_site_with_subpages_is_refused(home, testimony_index, withdrawn):
    other = TestimonyIndexPageFactory(parent=home, title="Elsewhere", slug="elsewhere")
    with pytest.raises(CopyRefused, match="Withdrawn Orsenne"):
        testimony_index.copy(recursive=True, to=other, update_attrs={"slug": "copy"})
    with pytest.raises(CopyRefused):
        Page.objects.get(pk=home.pk).copy(
            recursive=True, to=home.get_parent(), update_attrs={"slug": "home-copy"}
        )
    assert count_of("Withdrawn Orsenne") == 1
    assert not Page.objects.filter(slug__in=["copy", "home-copy"]).exists()


def test_its_section_alone_may_still_be_copied(home, testimony_index, withdrawn):
    copy = testimony_index.copy(recursive=False, update_attrs={"slug": "copy"})
    assert copy.get_children().count() == 0


def test_an_alias_of_it_is_refused(testimony_index, withdrawn):
    with pytest.raises(CopyRefused):
        withdrawn.create_alias(update_slug="alias")
    with pytest.raises(CopyRefused):
        testimony_index.create_alias(recursive=True, update_slug="alias")
    assert count_of("Withdrawn Orsenne") == 1


def test_a_copy_for_translation_is_refused(withdrawn):
    locale = Locale.objects.get(language_code="az")
    with pytest.raises(RecordNotTranslatable):
        withdrawn.copy_for_translation(locale, copy_parents=True)
    # Wagtail's own method, on the page read without its type, copies through Page.copy.
    with pytest.raises(CopyRefused):
        Page.objects.get(pk=withdrawn.pk).copy_for_translation(locale, copy_parents=True)
    assert count_of("Withdrawn Orsenne") == 1


def test_the_admin_apis_copy_action_is_refused_with_the_reason(admin_client, withdrawn):
    response = admin_client.post(
        f"/admin/api/main/pages/{withdrawn.pk}/action/copy/",
        {"slug": "copy"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "consent" in response.json()["message"]
    assert count_of("Withdrawn Orsenne") == 1


def test_the_admins_copy_still_explains_itself(admin_client, withdrawn):
    response = admin_client.post(
        f"/admin/pages/{withdrawn.pk}/copy/",
        {"new_title": "Copy", "new_slug": "copy", "new_parent_page": withdrawn.get_parent().pk},
    )
    assert response.status_code == 302
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("consent recorded as withdrawn" in message for message in messages)
    assert not TestimonyPage.objects.filter(slug="copy").exists()


def test_a_testimony_with_consent_given_is_copied_by_every_path(testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index, title="Given Orsenne")
    ConsentRecord.objects.create(testimony=testimony, status="given")
    testimony.copy(update_attrs={"slug": "copy"})
    testimony_index.copy(recursive=True, update_attrs={"slug": "copy"})
    assert count_of("Given Orsenne") == 4  # the first, its copy, and both again in the section
