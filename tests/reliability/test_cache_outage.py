"""Redis goes away: visitors are still served (pages drawn without the cache), families can
still send a remembrance, the health check names the cache, and a change that would leave
stale pages in the cache once it returns is refused with a calm 503."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from memorial.core.changes import CacheUnreachable
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


def test_publishing_is_refused_and_nothing_public_changes(admin_client, redis_gone):
    entry = redis_gone[0]
    response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[entry.pk]))
    assert response.status_code == 503
    html = response.content.decode()
    assert "cache does not answer" in html and "Nothing public has changed" in html
    assert "Traceback" not in html and "127.0.0.1" not in html
    assert MemorialEntryPage.objects.get(pk=entry.pk).live


def test_code_that_changes_a_page_is_refused_before_anything_is_stored(redis_gone):
    entry = redis_gone[0]
    entry.family_name = "Changed"
    with pytest.raises(CacheUnreachable):
        entry.save()
    assert MemorialEntryPage.objects.get(pk=entry.pk).family_name == "Marrow"


def test_the_site_uses_the_cache_again_once_it_answers(client, settings, redis_gone):
    entry = redis_gone[0]
    assert client.get(entry.url).status_code == 200
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    entry.family_name = "Marrowe"
    entry.save_revision().publish()
    assert "Marrowe" in client.get(entry.url).content.decode()
    assert cache.get("archive:generation")
