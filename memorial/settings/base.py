"""Settings shared by every environment. Secure by default; read from the environment."""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str, env_tile_template, origins_of
from .storage import default_storage_from_env

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
    "memorial.insights",
    "home",
    "search",
    "wagtailmedia",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
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
    # Stored public pages for anonymous visitors, first of all: a stored page keeps every
    # header the whole chain gave it (security, CSP, language), and is served even while
    # the database is away.
    "memorial.core.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above everything that may query the database: a lost database answers 503, not 500.
    "memorial.core.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL prefix (/az/, /ru/); unprefixed URLs are English.
    "memorial.core.i18n.AddressLanguageMiddleware",
    # Before anything reads a request's body: a public one larger than any form needs is
    # refused unread (PUBLIC_REQUEST_MAX_BYTES).
    "memorial.core.request_size.PublicRequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "memorial.core.privacy.PrivacyScopeMiddleware",
    "memorial.core.caching.PublicPageCacheMiddleware",
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
                "memorial.core.caching.fragment_cache",
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
# The interface languages, by their own names. Model choices never read this list (they use
# django.conf.global_settings.LANGUAGES), so changing it needs no migration.
LANGUAGES = [
    ("en", "English"),
    ("az", "Azərbaycanca"),
    ("ru", "Русский"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
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

# Uploads on local disk (MEDIA_ROOT), or in a private S3-compatible bucket when S3_BUCKET is
# set (memorial/settings/storage.py); either way served only through memorial.core.files.
STORAGES = {
    "default": default_storage_from_env(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Shared caches (a proxy, a CDN) may keep an anonymous visitor's copy of a public page for
# this many seconds (s-maxage; browsers always ask again); 0 turns it off. Publishing or
# unpublishing purges the page from the proxy named by FRONTEND_CACHE_PURGE_URL.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)
# The app keeps those same pages in its own cache (Redis) for as long, so a site without a
# proxy serves a visitor's repeated page without rendering it (memorial.core.page_cache).
PUBLIC_PAGE_STORE = env_bool("PUBLIC_PAGE_STORE", True)
# Of one page, at most this many addresses with a query (?page=…, ?letter=…) are kept at a
# time; the rest are drawn afresh (memorial.core.page_cache.another_query_variant_fits).
PUBLIC_PAGE_QUERY_VARIANTS = env_int("PUBLIC_PAGE_QUERY_VARIANTS", 200)
# Rendered parts of entry and testimony pages are kept this long in the cache (Redis in
# production), keyed by page revision, viewer class and archive generation.
PAGE_FRAGMENT_CACHE_SECONDS = env_int("PAGE_FRAGMENT_CACHE_SECONDS", 600)
if FRONTEND_CACHE_PURGE_URL := env_str("FRONTEND_CACHE_PURGE_URL", ""):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "memorial.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "memorial",
            # Seconds; a visitor waits at most this long when Redis is gone (then the cache
            # is passed over for a while). socket_timeout=… in REDIS_URL overrides them.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
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
CSRF_FAILURE_VIEW = "memorial.core.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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
# The admin's image form: an upload must decode to its last pixel (memorial.core.uploads).
WAGTAILIMAGES_IMAGE_FORM_BASE = "memorial.core.uploads.image_forms.ArchiveImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 30 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "odt", "docx", "rtf", "csv", "xml", "json"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Documents always through Wagtail's view (collection privacy), never a storage URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILMEDIA = {"MEDIA_MODEL": "core.ArchiveMedia"}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "memorial.core.search_backend"}}
# How many of the commonest family names `manage.py prepare_searches` answers ahead after
# each change (search/prepared.py); each brings its commonest Latin spellings with it.
SEARCH_PREPARED_NAMES = env_int("SEARCH_PREPARED_NAMES", 20)
# … and how many of the searches visitors asked most in the last week (the query log).
SEARCH_PREPARED_POPULAR = env_int("SEARCH_PREPARED_POPULAR", 50)
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Pages can be translated (wagtail.contrib.simple_translation); /az/ and /ru/ serve the
# translation when there is one and the English page otherwise (home.models.HomePage.route).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_COMMENTS_ENABLED = True

ARCHIVE_ENTRIES_PER_PAGE = env_int("ARCHIVE_ENTRIES_PER_PAGE", 48)
# Map tiles for the map of places, e.g. "https://tiles.example.org/{z}/{x}/{y}.png". Empty: the
# map is a plain drawing of the places, and nothing is fetched from another site.
MAP_TILE_URL = env_tile_template("MAP_TILE_URL")

# Public forms (families): uploads, time-to-submit, per-IP rate limits (memorial.core.uploads,
# memorial.core.abuse). Rate limits count per address in the cache: use Redis in production.
FAMILY_UPLOAD_MAX_BYTES = env_int("FAMILY_UPLOAD_MAX_BYTES", 15 * 1024 * 1024)
FAMILY_UPLOAD_MAX_PIXELS = env_int("FAMILY_UPLOAD_MAX_PIXELS", 40_000_000)
# Any request outside the admin: ten full-size photographs (the most a form takes) and words.
PUBLIC_REQUEST_MAX_BYTES = env_int(
    "PUBLIC_REQUEST_MAX_BYTES", 10 * FAMILY_UPLOAD_MAX_BYTES + 1024 * 1024
)
FORM_MIN_SECONDS = env_int("FORM_MIN_SECONDS", 3)
FORM_MAX_AGE_SECONDS = env_int("FORM_MAX_AGE_SECONDS", 24 * 60 * 60)
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER", "")
RATE_LIMIT_SUBMISSIONS = env_int("RATE_LIMIT_SUBMISSIONS", 10)
RATE_LIMIT_SUBMISSIONS_WINDOW = env_int("RATE_LIMIT_SUBMISSIONS_WINDOW", 60 * 60)
RATE_LIMIT_CANDLES = env_int("RATE_LIMIT_CANDLES", 60)
RATE_LIMIT_CANDLES_WINDOW = env_int("RATE_LIMIT_CANDLES_WINDOW", 60 * 60)
# Tries at a section's or a document collection's password, per address, counted together
# (as axes limits sign-ins).
RATE_LIMIT_PAGE_PASSWORDS = env_int("RATE_LIMIT_PAGE_PASSWORDS", 10)
RATE_LIMIT_PAGE_PASSWORDS_WINDOW = env_int("RATE_LIMIT_PAGE_PASSWORDS_WINDOW", 15 * 60)

# --- Security: content security policy, login throttling, two-factor admin ---------------
# Kept together so the whole defence can be read in one place (README "Security").
INSTALLED_APPS += [
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]
# django-otp marks request.user verified (or not); ours then sends admin users who have not
# passed their second factor to set it up or enter a code. Axes comes last so it can turn a
# lockout into its own response.
_AFTER_AUTH = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_AFTER_AUTH:_AFTER_AUTH] = [
    "django_otp.middleware.OTPMiddleware",
    "memorial.core.security.two_factor.AdminTwoFactorMiddleware",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out sign-ins before anything else
    "django.contrib.auth.backends.ModelBackend",
]

# The Wagtail admin previews pages in a frame of its own (Wagtail marks those views
# SAMEORIGIN itself); everything else may never be framed.
X_FRAME_OPTIONS = "DENY"

# Public pages load only this site's own scripts, styles, images and recordings; no inline
# script or style. The admin (Wagtail needs inline code) is left out of this policy.
# Embedded recordings from another site need that site in CSP_FRAME_SOURCES (e.g.
# "https://player.example.org"); otherwise visitors get the "open it on the hosting site" link.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],  # django.contrib.admin is installed but not mounted
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *origins_of(MAP_TILE_URL)],
        "media-src": ["'self'"],
        "frame-src": ["'self'", *env_list("CSP_FRAME_SOURCES")],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Moderators cannot publish pages; approving a family submission publishes it for them.
WAGTAIL_FINISH_WORKFLOW_ACTION = "memorial.core.security.workflows.publish_approved_workflow"

# Sign-in throttling (Wagtail admin and researchers' sign-in): after AXES_FAILURE_LIMIT
# wrong passwords for one account from one address, that pair is locked for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "memorial.core.security.throttling.client_ip"
AXES_USERNAME_CALLABLE = "memorial.core.security.throttling.username_tried"
AXES_LOCKOUT_CALLABLE = "memorial.core.security.throttling.locked_out"
AXES_VERBOSE = False
# ... and after this many wrong passwords from one address, whatever the accounts, that
# address cannot sign in until the window ends (memorial.core.security.throttling).
RATE_LIMIT_SIGN_IN_FAILURES = env_int("RATE_LIMIT_SIGN_IN_FAILURES", 20)
RATE_LIMIT_SIGN_IN_FAILURES_WINDOW = env_int("RATE_LIMIT_SIGN_IN_FAILURES_WINDOW", 60 * 60)

# Two-factor authentication (TOTP apps, django-otp) for everyone who can use the admin:
# memorial.core.security.two_factor. Off here and in development unless the environment
# says so; production turns it on.
ADMIN_2FA_REQUIRED = env_bool("ADMIN_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
