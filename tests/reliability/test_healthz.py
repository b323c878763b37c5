"""/healthz names the part that fails (database, cache, storage) and nothing more."""

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.files.storage import default_storage
from redis.exceptions import ConnectionError as RedisConnectionError

from memorial.core import health

from .conftest import REFUSAL, database_down

pytestmark = pytest.mark.django_db

ALL_OK = {"status": "ok", "database": "ok", "cache": "ok", "storage": "ok"}


class BrokenRedis:
    """What django's RedisCache does when Redis is gone: redis-py raises ConnectionError."""

    def _refuse(self, *args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to cache.internal.example:6379.")

    set = get = delete = _refuse


class BrokenStorage:
    def __init__(self, error):
        self.error = error

    def _refuse(self, *args, **kwargs):
        raise self.error

    save = open = delete = _refuse


def assert_unavailable(response, failing):
    assert response.status_code == 503
    expected = {**ALL_OK, "status": "unavailable", failing: "down"}
    assert response.json() == expected
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "internal.example" not in body and "Traceback" not in body


def test_healthz_is_ok_when_every_part_answers(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == ALL_OK
    assert "no-store" in response["Cache-Control"]
    # The probe file is deleted again; the storage check leaves nothing behind.
    assert default_storage.listdir("healthz") == ([], [])


def test_healthz_names_the_database_when_it_does_not_answer(client):
    with database_down():
        response = client.get("/healthz")
    assert_unavailable(response, "database")
    assert REFUSAL not in response.content.decode()


def test_healthz_names_the_cache_when_redis_is_gone(client, monkeypatch):
    monkeypatch.setattr(health, "cache", BrokenRedis())
    assert_unavailable(client.get("/healthz"), "cache")


def test_a_cache_that_forgets_what_it_was_given_is_down(client, monkeypatch):
    from django.core.cache.backends.dummy import DummyCache

    monkeypatch.setattr(health, "cache", DummyCache("healthz", {}))
    assert_unavailable(client.get("/healthz"), "cache")


@pytest.mark.parametrize(
    "error",
    [
        PermissionError(13, "Permission denied", "/srv/private-media/healthz/x.txt"),
        EndpointConnectionError(endpoint_url="https://objects.internal.example/bucket"),
    ],
    ids=["disk", "s3"],
)
def test_healthz_names_the_storage_when_files_cannot_be_written(client, monkeypatch, error):
    monkeypatch.setattr(health, "default_storage", BrokenStorage(error))
    response = client.get("/healthz")
    assert_unavailable(response, "storage")
    assert "/srv/private-media" not in response.content.decode()


def test_a_programming_error_in_a_check_is_not_reported_as_an_outage(monkeypatch):
    """Only the backends' own failures mean "down"; a bug must surface as a bug."""
    monkeypatch.setattr(health, "default_storage", BrokenStorage(TypeError("a bug")))
    with pytest.raises(TypeError):
        health.storage_answers()
