"""Where uploaded files live: MEDIA_ROOT on local disk, or a private S3-compatible bucket.

Setting S3_BUCKET (or AWS_STORAGE_BUCKET_NAME, the name django-storages documents) moves
every upload to the bucket. The bucket stays private: no ACL is sent, addresses are signed
and short-lived, and the archive never hands them out anyway -- every file is streamed by
the permission-checked views in memorial.core.files, which read it through the storage API.
"""

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_str

LOCAL_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"


def _first_set(*names: str) -> str:
    for name in names:
        value = (env_str(name) or "").strip()
        if value:
            return value
    return ""


def default_storage_from_env() -> dict:
    """The STORAGES["default"] entry this environment asks for."""
    bucket = _first_set("S3_BUCKET", "AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return dict(LOCAL_STORAGE)
    access_key = _first_set("S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID")
    secret_key = _first_set("S3_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither "
            "(then the usual AWS credential chain is used)."
        )
    return s3_storage(
        bucket,
        endpoint_url=_first_set("S3_ENDPOINT_URL", "AWS_S3_ENDPOINT_URL"),
        access_key=access_key,
        secret_key=secret_key,
        region=_first_set("S3_REGION", "AWS_S3_REGION_NAME"),
        location=_first_set("S3_PREFIX"),
        addressing_style=_first_set("S3_ADDRESSING_STYLE"),
        verify_tls=env_bool("S3_VERIFY_TLS", True),
        signed_url_seconds=env_int("S3_SIGNED_URL_SECONDS", 300),
    )


def s3_storage(
    bucket: str,
    *,
    endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    location: str = "",
    addressing_style: str = "",
    verify_tls: bool = True,
    signed_url_seconds: int = 300,
) -> dict:
    """A STORAGES entry for a private bucket (also used by the tests against moto)."""
    options = {
        "bucket_name": bucket,
        # Private: send no ACL (the bucket's own, private, policy applies) and sign every
        # address the storage might produce, valid only briefly.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": signed_url_seconds,
        # Two uploads with one name must never overwrite each other: Django picks a new name.
        "file_overwrite": False,
        "location": location,
        "verify": verify_tls,
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
    if access_key:
        options["access_key"] = access_key
        options["secret_key"] = secret_key
    if region:
        options["region_name"] = region
    if addressing_style:
        if addressing_style not in {"path", "virtual", "auto"}:
            raise ImproperlyConfigured(
                f"S3_ADDRESSING_STYLE must be path, virtual or auto, not {addressing_style!r}."
            )
        options["addressing_style"] = addressing_style
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
