"""Redis goes away: visitors are still served (pages drawn without the cache), families can
still send a remembrance, the health check names the cache, and a change made meanwhile
goes through and renews every cached page as soon as the cache answers again."""

import pytest
from django.test import Client
from django.urls import reverse

from memorial.core.models import OwedCacheRenewal
from memorial.core.page_cache import HIT_HEADER
from memorial.entries.models import MemorialEntryPage
from memorial.remembrances.models import RemembrancePage, Submission

from ..factories import (
    GalleryIndexPageFactory,
    GalleryPageFactory,
    MemorialEntryPageFactory,
    TestimonyIndexPageFactory,
    TestimonyPageFactory,
)
from ..remembrances.test_remembrance_flow import form_data

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def archive(home, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, given_name="Ilse", family_name="Marrow")
    testimony = TestimonyPageFactory(parent=TestimonyIndexPageFactory(parent=home))
    gallery = GalleryPageFactory(parent=GalleryIndexPageFactory(parent=home))
    return entry, testimony, gallery


@pytest.fixture
def redis_gone(settings, archive):
    settings.CACHES = {
        "default": {
            "BACKEND": "memorial.core.redis_cache.RedisCache",
            "LOCATION": NOBODY_LISTENS,
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    return archive


def test_visitors_are_served_without_the_cache(client, redis_gone):
    entry, testimony, gallery = redis_gone
    pages = ["/", entry.url, testimony.url, gallery.url, "/search/?q=Marrow"]
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
    assert "Marrow" in client.get("/search/?q=Marrow").content.decode()
    suggestions = client.get("/search/suggest/?q=Marr")
    assert suggestions.status_code == 200 and "Marrow" in suggestions.content.decode()


def test_nothing_drawn_during_the_outage_is_shared_between_requests(redis_gone):
    from memorial.core.changes import archive_generation, public_state
    from memorial.core.privacy import forget_memoised

    first = archive_generation()
    forget_memoised("archive:generation")
    assert archive_generation() != first
    assert first.startswith("unread-") and first in public_state(first)


def test_the_health_check_names_the_cache(client, redis_gone):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "down" and response.json()["database"] == "ok"


def test_a_family_can_still_send_a_remembrance(client, redis_gone):
    entry = redis_gone[0]
    response = client.post(f"{entry.url}remember/", form_data())
    assert response.status_code in (200, 302), response.content.decode()[:500]
    assert Submission.objects.count() == 1
    assert not RemembrancePage.objects.live().exists()


def working_cache(settings):
    # Local memory keeps its data when the setting changes back: as Redis does after a
    # network partition, it still holds what was stored before the outage.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def redis_away(settings):
    settings.CACHES = {
        "default": {"BACKEND": "memorial.core.redis_cache.RedisCache", "LOCATION": NOBODY_LISTENS}
    }


def test_a_page_taken_down_during_the_outage_is_never_served_from_before_it(
    admin_client, settings, archive
):
    entry = archive[0]
    working_cache(settings)
    assert Client().get(entry.url).status_code == 200  # stored in the page cache
    assert Client().get(entry.url)[HIT_HEADER] == "hit"
    redis_away(settings)
    response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[entry.pk]))
    assert response.status_code == 302  # taking something down never waits for the cache
    assert not MemorialEntryPage.objects.get(pk=entry.pk).live
    assert OwedCacheRenewal.objects.exists()
    working_cache(settings)
    # This process saw the outage: it renews everything before trusting a stored page.
    assert Client().get(entry.url).status_code == 404
    assert not OwedCacheRenewal.objects.exists()


def test_a_renewal_owed_by_another_process_is_paid_by_the_health_check(
    settings, monkeypatch, archive
):
    from memorial.core import redis_cache, renewals

    entry = archive[0]
    working_cache(settings)
    Client().get(entry.url)
    redis_away(settings)
    entry.unpublish()  # e.g. consent withdrawn from a command while Redis was away
    assert OwedCacheRenewal.objects.count() >= 1
    working_cache(settings)
    monkeypatch.setattr(redis_cache, "last_outage_at", 0.0)  # as in a process that did
    monkeypatch.setattr(renewals, "_paid_up_to", 0.0)  # not see the outage
    assert Client().get("/healthz").status_code == 200
    assert not OwedCacheRenewal.objects.exists()
    assert Client().get(entry.url).status_code == 404


def test_the_site_uses_the_cache_again_once_it_answers(settings, monkeypatch, redis_gone):
    from memorial.core import renewals

    entry = redis_gone[0]
    for _ in range(2):  # nothing is stored while Redis is away
        assert Client().get(entry.url).get(HIT_HEADER) != "hit"
    working_cache(settings)
    monkeypatch.setattr(renewals, "_next_try", 0.0)  # the pause after the last failure is over
    Client().get(entry.url)
    assert Client().get(entry.url)[HIT_HEADER] == "hit"
    entry.family_name = "Marrowe"
    entry.save_revision().publish()
    assert "Marrowe" in Client().get(entry.url).content.decode()


def test_while_the_cache_still_fails_paying_is_tried_once_in_a_while(monkeypatch):
    import redis

    from memorial.core import redis_cache, renewals

    tried = []

    def still_away():
        tried.append(1)
        raise redis.exceptions.ConnectionError("refused")

    monkeypatch.setattr(redis_cache, "last_outage_at", 1.0)
    for _ in range(5):
        renewals.pay_if_this_process_saw_an_outage(still_away)
    assert len(tried) == 1  # a visitor would otherwise wait for a timeout on every request
    monkeypatch.setattr(renewals, "_next_try", 0.0)  # the pause is over
    renewals.pay_if_this_process_saw_an_outage(lambda: tried.append("paid"))
    assert tried == [1, "paid"]
    renewals.pay_if_this_process_saw_an_outage(lambda: tried.append("again"))
    assert tried == [1, "paid"]  # paid up: nothing more until the next outage


def test_a_process_that_owes_a_renewal_trusts_nothing_stored_until_it_has_paid(
    settings, monkeypatch, archive
):
    from memorial.core import renewals

    entry = archive[0]
    working_cache(settings)
    Client().get(entry.url)  # stored
    redis_away(settings)
    entry.unpublish()
    assert Client().get(entry.url).status_code == 404  # a payment is tried, and fails
    working_cache(settings)  # back before the next try is due
    assert renewals._next_try > 0
    response = Client().get(entry.url)
    assert response.status_code == 404 and response.get(HIT_HEADER) != "hit"
    monkeypatch.setattr(renewals, "_next_try", 0.0)
    assert Client().get(entry.url).status_code == 404
    assert not OwedCacheRenewal.objects.exists()  # paid


def test_right_after_a_failure_a_renewal_is_owed_without_asking_the_cache(monkeypatch, archive):
    import time

    from memorial.core import redis_cache, renewals

    monkeypatch.setattr(redis_cache, "last_outage_at", time.monotonic())

    def asked(cache):
        raise AssertionError("the cache was asked again at once")

    monkeypatch.setattr(redis_cache, "strict", asked)
    renewals.renew(lambda: {"token": "new"}, timeout=None)
    assert OwedCacheRenewal.objects.count() == 1
