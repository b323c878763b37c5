"""STORAGES["default"] from the environment: local disk unless a bucket is named; a bucket
is always private."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from memorial.settings.storage import LOCAL_STORAGE, S3_BACKEND, default_storage_from_env

S3_VARIABLES = (
    "S3_BUCKET",
    "AWS_STORAGE_BUCKET_NAME",
    "S3_ENDPOINT_URL",
    "AWS_S3_ENDPOINT_URL",
    "S3_ACCESS_KEY_ID",
    "AWS_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "AWS_SECRET_ACCESS_KEY",
    "S3_REGION",
    "AWS_S3_REGION_NAME",
    "S3_PREFIX",
    "S3_ADDRESSING_STYLE",
    "S3_VERIFY_TLS",
    "S3_SIGNED_URL_SECONDS",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_without_a_bucket_uploads_stay_on_local_disk():
    assert default_storage_from_env() == LOCAL_STORAGE


def test_a_bucket_makes_a_private_s3_storage(clean_environment):
    clean_environment.setenv("S3_BUCKET", "fictional-archive-media")
    clean_environment.setenv("S3_ENDPOINT_URL", "https://objects.example.org")
    clean_environment.setenv("S3_ACCESS_KEY_ID", "key-id")
    clean_environment.setenv("S3_SECRET_ACCESS_KEY", "key-secret")
    clean_environment.setenv("S3_REGION", "eu-fictional-1")

    storage = default_storage_from_env()

    assert storage["BACKEND"] == S3_BACKEND
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "fictional-archive-media"
    assert options["endpoint_url"] == "https://objects.example.org"
    assert (options["access_key"], options["secret_key"]) == ("key-id", "key-secret")
    assert options["region_name"] == "eu-fictional-1"
    # Private: no ACL sent, every address signed, no upload overwriting another.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False


def test_the_django_storages_bucket_name_works_too(clean_environment):
    clean_environment.setenv("AWS_STORAGE_BUCKET_NAME", "other-bucket")
    storage = default_storage_from_env()
    assert storage["OPTIONS"]["bucket_name"] == "other-bucket"
    assert "access_key" not in storage["OPTIONS"]  # the AWS credential chain decides


def test_half_a_key_pair_fails_at_start_up(clean_environment):
    clean_environment.setenv("S3_BUCKET", "fictional-archive-media")
    clean_environment.setenv("S3_ACCESS_KEY_ID", "key-id")
    with pytest.raises(ImproperlyConfigured, match="S3_SECRET_ACCESS_KEY"):
        default_storage_from_env()


def test_an_unknown_addressing_style_is_refused(clean_environment):
    clean_environment.setenv("S3_BUCKET", "fictional-archive-media")
    clean_environment.setenv("S3_ADDRESSING_STYLE", "sideways")
    with pytest.raises(ImproperlyConfigured, match="S3_ADDRESSING_STYLE"):
        default_storage_from_env()
