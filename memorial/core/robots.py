"""robots.txt: crawlers may read every public page; they are kept out of the admin, the
forms families and researchers post, the addresses that only answer a query (a search
asked, the suggestions, the API's filters), and are told where the sitemap is.

Disallowing is no privacy: what is closed is closed by memorial.core.privacy. This only
spares crawlers (and the archive) addresses that hold nothing to index.
"""

from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .i18n import default_language, prefixed_languages, with_language_prefix

ROBOTS_MAX_AGE = 24 * 3600

# One address each (memorial.urls): the admin, machine interfaces read by their own
# clients (OAI-PMH stays open to harvesters), the language switch.
UNPREFIXED = ["/admin/", "/api/", "/search/suggest/", "/i18n/"]
# A remembrance form below every entry, at any depth and under any prefix.
ANYWHERE = ["/*/remember/"]


def _paths_in(language: str) -> list[str]:
    """In each language: a search asked (the search page itself says noindex), the forms,
    and Wagtail's check of a section's password."""
    with translation.override(language):
        return [
            reverse("search") + "?",
            reverse("propose_entry"),
            reverse("research_login").removesuffix("sign-in/"),
            reverse("light_candle", args=["*"]),
            with_language_prefix("/_util/", language),
        ]


def robots_lines(request) -> list[str]:
    languages = [default_language(), *prefixed_languages()]
    disallowed = UNPREFIXED + [p for code in languages for p in _paths_in(code)] + ANYWHERE
    return [
        "User-agent: *",
        *(f"Disallow: {address}" for address in disallowed),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]


@require_GET
@cache_control(public=True, max_age=ROBOTS_MAX_AGE)
def robots_txt(request):
    return HttpResponse(
        "\n".join(robots_lines(request)) + "\n", content_type="text/plain; charset=utf-8"
    )


urlpatterns = [path("robots.txt", robots_txt, name="robots_txt")]
