"""Tests: fast hashing, local memory cache, in-memory e-mail, throwaway media."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="memorial-test-media-")
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
STATIC_ROOT = tempfile.mkdtemp(prefix="memorial-test-static-")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": [], "level": "WARNING"},
}
PRIVATE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="memorial-test-private-"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: tests with a real server or threads need their own connections.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="memorial-test-db-")) / "test.sqlite3")
    }
# Two-factor admin is off so tests can use force_login; tests/security turns it on.
ADMIN_2FA_REQUIRED = False
# Axes refuses authenticate() calls without a request, as Client.login() makes them (used by
# Wagtail's WagtailPageTestCase.login); tests/security/test_login_throttling.py turns it on.
AXES_ENABLED = False
