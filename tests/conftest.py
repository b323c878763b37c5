import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections
from django.utils import translation
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Site

from home.models import HomePage

from .factories import (
    GalleryIndexPageFactory,
    MemorialIndexPageFactory,
    TestimonyIndexPageFactory,
)

FLUSHING_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}


def flushes_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool(FLUSHING_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying the database, rows made by migrations included
    (the home page, the groups). Run alone, pytest-django puts such tests last; with
    pytest-xdist other files may follow in the same process, so those rows are put back."""
    yield
    if nextitem is None or not flushes_database(item):
        return
    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                restore_content_types(connection.alias, contents)
                connection.creation.deserialize_db_from_string(contents)


def restore_content_types(alias: str, contents: str) -> None:
    """Put the saved content types back first, under their saved ids.

    The flush's post_migrate made them again, under new ids once an earlier test (a restore)
    moved the id sequence on; the saved rows would then collide with them. And they must be
    there before the pages are: building a page asks for its content type, and creates it
    when it is missing."""
    saved = [row for row in json.loads(contents) if row["model"] == "contenttypes.contenttype"]
    Permission.objects.using(alias).all().delete()
    ContentType.objects.using(alias).all().delete()
    ContentType.objects.using(alias).bulk_create(
        [ContentType(pk=row["pk"], **row["fields"]) for row in saved]
    )
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def interface_language_reset():
    """A request under /az/ or /ru/ leaves its language active in the thread (LocaleMiddleware
    sets it for each request and never puts it back); the next test starts in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    """Each test starts with an empty cache (ids repeat between tests' databases), and with
    no cache outage remembered from an earlier test (memorial.core.renewals)."""
    from memorial.core import redis_cache, renewals

    cache.clear()
    monkeypatch.setattr(redis_cache, "last_outage_at", 0.0)
    monkeypatch.setattr(renewals, "_paid_up_to", 0.0)
    monkeypatch.setattr(renewals, "_next_try", 0.0)


@pytest.fixture
def home(db):
    """The HomePage created by the home.0002 migration, root of the default site."""
    return HomePage.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)


@pytest.fixture
def memorial_index(home):
    return MemorialIndexPageFactory(parent=home, title="Names")


@pytest.fixture
def testimony_index(home):
    return TestimonyIndexPageFactory(parent=home)


@pytest.fixture
def gallery_index(home):
    return GalleryIndexPageFactory(parent=home)


@pytest.fixture
def archivist(client, django_user_model):
    """The test client, signed in as a member of Archivists only (not a superuser)."""
    user = django_user_model.objects.create_user("archivist", password="x")
    user.groups.add(Group.objects.get(name="Archivists"))
    client.force_login(user)
    return client
