from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views import account as admin_account_views
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtail_document_views

from memorial.core import accounts, robots, sitemap
from memorial.core.abuse import PASSWORD_RESETS, PASSWORDS, rate_limited
from memorial.core.health import healthz
from memorial.core.locked_pages_report import report_view as locked_pages_report
from memorial.core.security import two_factor_views
from memorial.core.security.throttling import sign_in_limited
from memorial.entries.views import entry_preview_image, entry_short_link
from memorial.remembrances.proposals import propose_entry
from search import views as search_views

guessing_limited = rate_limited(
    "page-passwords",
    "RATE_LIMIT_PAGE_PASSWORDS",
    "RATE_LIMIT_PAGE_PASSWORDS_WINDOW",
    refusal=PASSWORDS,
)

# Machine interfaces and files: one address each, never prefixed with a language.
urlpatterns = [
    # Two-step sign-in for admin users (memorial.core.security.two_factor), before the admin.
    path("admin/2fa/", include(two_factor_views)),
    # Each request for a reset link mails the account's owner: limited like the public forms.
    path(
        "admin/password_reset/",
        rate_limited(
            "password-resets",
            "RATE_LIMIT_SUBMISSIONS",
            "RATE_LIMIT_SUBMISSIONS_WINDOW",
            refusal=PASSWORD_RESETS,
        )(admin_account_views.PasswordResetView.as_view()),
        name="wagtailadmin_password_reset",
    ),
    # Wrong passwords from one address are limited whatever the account (password spraying).
    path(
        "admin/login/",
        sign_in_limited(admin_account_views.LoginView.as_view()),
        name="wagtailadmin_login",
    ),
    # Wagtail's locked pages report, its rows' status read with the list (not 7 queries each).
    path("admin/reports/locked/", locked_pages_report()),
    path("admin/reports/locked/results/", locked_pages_report(results_only=True)),
    path("admin/", include(wagtailadmin_urls)),
    # Every uploaded file goes through a permission check; MEDIA_ROOT is never served.
    path("", include("memorial.core.files.urls")),
    # A private collection's password opens its documents: guesses are limited as a
    # section's password is (below), and counted with them.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        guessing_limited(wagtail_document_views.authenticate_with_password),
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("search/suggest/", search_views.suggestions, name="search_suggest"),
    path("e/<str:identifier>/preview.png", entry_preview_image, name="entry_preview_image"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(robots)),
    path("", include(sitemap)),
    path("", include("memorial.records.urls")),
    path("", include("memorial.testimonies.urls")),
]

# Pages people read: English at the addresses they always had, Azerbaijani under /az/ and
# Russian under /ru/ (LANGUAGES in settings).
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("e/<str:identifier>/", entry_short_link, name="entry_short_link"),
    path("submit-a-name/", propose_entry, name="propose_entry"),
    path("research/", include(accounts)),
    path("", include("memorial.remembrances.urls")),
    # Wagtail's check of a section's password, with guesses limited as sign-ins are (axes
    # never sees it: it does not go through authenticate()).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        guessing_limited(wagtail_views.authenticate_with_password),
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "memorial.core.errors.page_not_found"
handler500 = "memorial.core.errors.server_error"
