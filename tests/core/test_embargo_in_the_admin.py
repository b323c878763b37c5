"""An embargo set in the admin is a date still to come: one that has come opens the item at
once, which an archivist typing 2024 for 2034 would not notice until a visitor did."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from memorial.entries.models import MemorialEntryPage
from tests.admin_forms import entry_form, interview_form
from tests.factories import MemorialEntryPageFactory, TestimonyPageFactory

pytestmark = pytest.mark.django_db


def days_from_today(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def edit(client, page, form):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), form)


@pytest.mark.parametrize("days", [-400, 0])
def test_an_embargo_that_has_already_ended_is_refused_on_an_entry(archivist, memorial_index, days):
    add = ["entries", "memorialentrypage", memorial_index.pk]
    url = reverse("wagtailadmin_pages:add", args=add)
    response = archivist.post(url, entry_form(embargo_until=days_from_today(days)))
    assert response.status_code == 200
    assert "embargo_until" in response.context["form"].errors
    assert not MemorialEntryPage.objects.exists()


def test_an_embargo_that_has_already_ended_is_refused_on_a_testimony(archivist, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index)
    response = edit(archivist, testimony, interview_form(embargo_until=days_from_today(-1)))
    assert response.status_code == 200
    assert "embargo_until" in response.context["form"].errors


def test_a_future_embargo_is_kept(archivist, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index)
    response = edit(archivist, testimony, interview_form(embargo_until=days_from_today(1)))
    assert response.status_code == 302


def test_an_embargo_that_ended_since_it_was_set_does_not_block_other_edits(
    archivist, memorial_index
):
    """Until lift_embargoes clears it, the ended date stays on the entry; editing anything
    else must still work."""
    ended = days_from_today(-1)
    entry = MemorialEntryPageFactory(
        parent=memorial_index, embargo_until=ended, given_name="Leyla", family_name="Delmiro"
    )
    response = edit(archivist, entry, entry_form(embargo_until=ended, occupation="Teacher"))
    assert response.status_code == 302
