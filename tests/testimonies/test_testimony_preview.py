"""An archivist previews a testimony while editing it, as the page will read."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from tests.admin_forms import interview_form
from tests.factories import KeywordFactory, MemorialEntryPageFactory, TestimonyPageFactory

pytestmark = pytest.mark.django_db


def preview(client, testimony, form) -> str:
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[testimony.pk])
    assert client.post(url, form).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_testimony_mentioning_people_can_be_previewed(archivist, testimony_index, memorial_index):
    testimony = TestimonyPageFactory(parent=testimony_index)
    named = MemorialEntryPageFactory(parent=memorial_index, given_name="Orsolan")
    staff_only = MemorialEntryPageFactory(
        parent=memorial_index, given_name="Velquistor", access_level="staff"
    )
    mentions = inline_formset([{"entry": named.pk, "note": ""}, {"entry": staff_only.pk}])
    html = preview(archivist, testimony, interview_form(slug=testimony.slug, mentions=mentions))
    assert "Orsolan" in html
    assert "Velquistor" not in html, "a staff-only person is named on no page visitors read"

    archivist.post(
        reverse("wagtailadmin_pages:edit", args=[testimony.pk]),
        interview_form(slug=testimony.slug, mentions=mentions),
    )
    draft = archivist.get(reverse("wagtailadmin_pages:view_draft", args=[testimony.pk]))
    assert "Orsolan" in draft.content.decode()


def test_a_new_passage_with_its_index_can_be_previewed(archivist, testimony_index, memorial_index):
    testimony = TestimonyPageFactory(parent=testimony_index)
    named = MemorialEntryPageFactory(parent=memorial_index, given_name="Orsolan")
    staff_only = MemorialEntryPageFactory(
        parent=memorial_index, given_name="Velquistor", access_level="staff"
    )
    passage = {
        "start_seconds": "60",
        "end_seconds": "",
        "speaker": "Narrator",
        "text": "Newpassagemarker by the well.",
        "keywords": KeywordFactory(name="Wellwater").name,
        "people": f"{named.identifier}, {staff_only.identifier}",
        "withheld": "",
        "withheld_reason": "",
    }
    form = interview_form(slug=testimony.slug, segments=inline_formset([passage]))
    html = preview(archivist, testimony, form)
    assert "Newpassagemarker" in html
    assert "Wellwater" in html and "Orsolan" in html, "the passage's index as drafted"
    assert "Velquistor" not in html, "a staff-only person is named on no page visitors read"

    archivist.post(reverse("wagtailadmin_pages:edit", args=[testimony.pk]), form)
    draft = archivist.get(reverse("wagtailadmin_pages:view_draft", args=[testimony.pk]))
    assert "Newpassagemarker" in draft.content.decode()
