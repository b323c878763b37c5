"""The age at death: worked out from the dates, or typed from a source that gives it."""

import datetime

import pytest
from django.urls import reverse

from memorial.entries.models import MemorialEntryPage
from tests.admin_forms import entry_form

pytestmark = pytest.mark.django_db

BOTH_DATES = {
    "birth_date": "1901-03-01",
    "birth_date_precision": "day",
    "death_date": "1942-05-14",
    "death_date_precision": "day",
}
NO_DEATH_DATE = {**BOTH_DATES, "death_date": "", "death_date_precision": "unknown"}


def add(client, collection, **fields):
    url = reverse("wagtailadmin_pages:add", args=["entries", "memorialentrypage", collection.pk])
    response = client.post(url, entry_form(**fields, **{"action-publish": "publish"}))
    assert response.status_code == 302, response.context["form"].errors
    return MemorialEntryPage.objects.get()


def edit(client, entry, **fields):
    form = entry_form(slug=entry.slug, **fields, **{"action-publish": "publish"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[entry.pk]), form)
    assert response.status_code == 302, response.context["form"].errors
    return MemorialEntryPage.objects.get(pk=entry.pk)


def test_an_age_from_the_dates_goes_when_the_dates_no_longer_give_one(archivist, memorial_index):
    entry = add(archivist, memorial_index, **BOTH_DATES)
    assert entry.age_at_death == 41
    # The editor shows the worked-out age, so it comes back with the form.
    entry = edit(archivist, entry, **NO_DEATH_DATE, age_at_death="41")
    assert entry.age_at_death is None


def test_an_age_typed_from_a_source_stays_when_the_dates_give_none(archivist, memorial_index):
    entry = add(archivist, memorial_index, age_at_death="38")
    entry = edit(archivist, entry, **NO_DEATH_DATE, age_at_death="38")
    assert (entry.age_at_death, entry.age_at_death_is_approximate) == (38, False)


def test_an_age_typed_while_the_dates_are_taken_away_is_kept(archivist, memorial_index):
    entry = add(archivist, memorial_index, **BOTH_DATES)
    entry = edit(archivist, entry, **NO_DEATH_DATE, age_at_death="39")
    assert (entry.age_at_death, entry.age_at_death_is_approximate) == (39, False)
    # The dates, when they give an age again, decide.
    entry = edit(archivist, entry, **BOTH_DATES, age_at_death="39")
    assert entry.age_at_death == 41
    assert entry.birth_date == datetime.date(1901, 3, 1)
