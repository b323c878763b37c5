"""Settings shared by every environment. Secure by default; read from the environment."""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "memorial.core",
    "memorial.entries",
    "memorial.testimonies",
    "memorial.galleries",
    "memorial.records",
    "memorial.remembrances",
    "home",
    "search",
    "wagtailmedia",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # trigram lookups; inert on SQLite
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "memorial.core.privacy.PrivacyScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "memorial.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "memorial.wsgi.application"

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL (or anything
# dj-database-url understands).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; writers queue for up to a minute
    # (20 families sending photos at once must wait their turn, not fail).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 60,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files that must never be served by URL (uploaded import files, for now).
PRIVATE_FILES_ROOT = Path(env_str("PRIVATE_FILES_ROOT", str(BASE_DIR / "private")))
# Uploads are served only by the app, after a permission check (memorial.core.files);
# MEDIA_ROOT is never exposed. Set to a prefix such as "/protected/" to let nginx send the
# file (X-Accel-Redirect to an `internal` location aliasing MEDIA_ROOT) once the app said yes.
PROTECTED_FILES_ACCEL_REDIRECT = env_str("PROTECTED_FILES_ACCEL_REDIRECT", "")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "memorial",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (imports, search indexing): django-tasks with the database backend;
# run `manage.py db_worker` beside the app. TASKS_BACKEND=immediate runs tasks in-process.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env_str("TASKS_BACKEND", "database")]}}

# OAI-PMH: a stable repository identifier (else the host name), the contact address
# (else the archive settings' contact e-mail), and dc:rights for entry records.
OAI_REPOSITORY_IDENTIFIER = env_str("OAI_REPOSITORY_IDENTIFIER", "")
OAI_ADMIN_EMAIL = env_str("OAI_ADMIN_EMAIL", "")
OAI_METADATA_RIGHTS = env_str("OAI_METADATA_RIGHTS", "")

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "archive@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # the Wagtail admin previews pages in a frame

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Wagtail
WAGTAIL_SITE_NAME = env_str("SITE_NAME", "Memorial & Testimony Archive")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.ArchiveImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 30 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "odt", "docx", "rtf", "csv", "xml", "json"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Documents always through Wagtail's view (collection privacy), never a storage URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILMEDIA = {"MEDIA_MODEL": "core.ArchiveMedia"}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_I18N_ENABLED = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_COMMENTS_ENABLED = True

ARCHIVE_ENTRIES_PER_PAGE = env_int("ARCHIVE_ENTRIES_PER_PAGE", 48)

# Public forms (families): uploads, time-to-submit, per-IP rate limits (memorial.core.uploads,
# memorial.core.abuse). Rate limits count per address in the cache: use Redis in production.
FAMILY_UPLOAD_MAX_BYTES = env_int("FAMILY_UPLOAD_MAX_BYTES", 15 * 1024 * 1024)
FAMILY_UPLOAD_MAX_PIXELS = env_int("FAMILY_UPLOAD_MAX_PIXELS", 40_000_000)
FORM_MIN_SECONDS = env_int("FORM_MIN_SECONDS", 3)
FORM_MAX_AGE_SECONDS = env_int("FORM_MAX_AGE_SECONDS", 24 * 60 * 60)
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER", "")
RATE_LIMIT_SUBMISSIONS = env_int("RATE_LIMIT_SUBMISSIONS", 10)
RATE_LIMIT_SUBMISSIONS_WINDOW = env_int("RATE_LIMIT_SUBMISSIONS_WINDOW", 60 * 60)
RATE_LIMIT_CANDLES = env_int("RATE_LIMIT_CANDLES", 60)
RATE_LIMIT_CANDLES_WINDOW = env_int("RATE_LIMIT_CANDLES_WINDOW", 60 * 60)
