"""Interface languages on the public site: language prefixes, links to the same page in
every language (the switcher and hreflang), and routing to the English page when a page
has no translation.

English lives at the addresses it always had; Azerbaijani and Russian under /az/ and /ru/
(`i18n_patterns(prefix_default_language=False)` in memorial.urls). A page without a
translation is still readable under /az/ or /ru/: its English content with the interface
in the visitor's language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import translate_url
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.formats import number_format
from django.utils.functional import lazy
from wagtail.models import Locale, Page

from .privacy import public_pages, request_memoised


def default_language() -> str:
    return settings.LANGUAGE_CODE


def prefixed_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != default_language()]


def url_language(request) -> str:
    """The language the request's address asked for ('en' for unprefixed addresses and
    for anything outside a request, such as the admin or a management command)."""
    return getattr(request, "LANGUAGE_CODE", None) or default_language()


def in_request_language(path: str, request) -> str:
    """A site path under the request's language prefix: '/names/' read under /az/ is
    '/az/names/'. Paths that already have a prefix, and full URLs, are left as they are."""
    language = url_language(request)
    if language == default_language() or not path.startswith("/"):
        return path
    return path if language_prefix_of(path) else f"/{language}{path}"


def language_prefix_of(path: str) -> str | None:
    """'az' for '/az/…', None for an unprefixed (English) path."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in prefixed_languages() else None


def with_language_prefix(path: str, language: str) -> str:
    """The same path in another language: '/about/' → '/az/about/' → '/ru/about/' → '/about/'."""
    if not path.startswith("/"):
        return path
    current = language_prefix_of(path)
    if current:
        path = path[len(current) + 1 :] or "/"
    # '/az//evil.example/' is this site's address; '//evil.example/' would be another site's.
    path = "/" + path.lstrip("/")
    if language == default_language():
        return path
    return f"/{language}{path}"


def home_path() -> str:
    """The home page's path in the active language ('/', '/az/', '/ru/'), from the
    language alone: the error pages, rendered without a request or the database, link it."""
    language = translation.get_language()
    return f"/{language}/" if language in prefixed_languages() else "/"


def default_locale_id() -> int | None:
    """The id of the content locale of the default language (None before migrations),
    read once per request: a collection page and the tree it routes through both ask."""
    return request_memoised("default-locale-id", _read_default_locale_id)


def _read_default_locale_id() -> int | None:
    try:
        return Locale.get_default().pk
    except Locale.DoesNotExist:
        return None


def default_locale_translation(page):
    """The page in the default language, or None when `page` is already in it (or has none)."""
    default_id = default_locale_id()
    if default_id is None or page.locale_id == default_id:
        return None
    return page.get_translation_or_none(default_id)


def in_visitor_language(pages) -> list:
    """Each page as visitors read it in the active language: its public translation into
    that language when there is one, else the page itself; one query for all of them, none
    when they are all in that language already."""
    pages = list(pages)
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return pages
    locale_id = active_locale_id()
    if locale_id is None or all(page.locale_id == locale_id for page in pages):
        return pages
    translations = public_pages(
        type(pages[0]).objects.filter(
            translation_key__in={page.translation_key for page in pages}, locale_id=locale_id
        )
    )
    found = {translated.translation_key: translated for translated in translations}
    return [found.get(page.translation_key, page) for page in pages]


def active_locale_id() -> int | None:
    """The content locale of the active language, read once per request."""
    language = translation.get_language()
    if language == default_language():
        return default_locale_id()
    return request_memoised(
        ("locale-id", language),
        lambda: Locale.objects.filter(language_code=language).values_list("pk", flat=True).first(),
    )


def language_links(request, page=None) -> list[dict]:
    """The current page in every interface language: code, native name, absolute URL,
    whether it is the current one.

    For a Wagtail page, a language links to the page's public translation when there is one,
    else to the page in the default language under that language's prefix (which serves it
    with the interface translated). Other views keep their path and query.
    """
    current = translation.get_language() or default_language()
    translations = _public_translations(page)
    fallback = _default_language_page(page, translations)
    own_language = None
    if fallback is page:  # the page is in the default language: no query for its locale
        own_language = default_language()
    elif fallback is not None:
        own_language = page.locale.language_code
    links = []
    for code, name in settings.LANGUAGES:
        translated = translations.get(code)
        if translated is not None:
            with translation.override(code):
                path = translated.get_url(request=None, current_site=None) or ""
            path = with_language_prefix(path, code) if path.startswith("/") else path
        elif fallback is not None and code != own_language:
            path = _fallback_address(request, page, fallback, code)
        else:
            path = _same_address_in(request, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": path if "://" in path else request.build_absolute_uri(path),
                "current": code == current,
            }
        )
    return links


def default_language_link(links: list[dict]) -> str:
    """The address for hreflang="x-default": the default language's."""
    return next((link["url"] for link in links if link["code"] == default_language()), "")


def _public_translations(page) -> dict:
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or not isinstance(page, Page):
        return {}
    if getattr(page, "is_record", False):
        return {}  # a record is never translated (memorial.core.translation)
    siblings = public_pages(type(page).objects.filter(translation_key=page.translation_key))
    return {
        translated.locale.language_code: translated
        for translated in siblings.select_related("locale")
        if translated.pk != page.pk
    }


def _default_language_page(page, translations: dict):
    """The page a language without a translation falls back to: the page in the default
    language (None for other views, or when the visitor may not see it)."""
    if not isinstance(page, Page):
        return None
    if page.locale_id == default_locale_id():
        return page
    return translations.get(default_language())


def _fallback_address(request, page, fallback, code: str) -> str:
    """`fallback`'s address under `code`'s prefix, with what the current address adds beyond
    `page` (a routable page's sub-page, remember/) and its query. The current address
    itself may hold another language's slugs, which route nowhere under `code`."""
    with translation.override(default_language()):
        path = fallback.get_url(request=None, current_site=None) or ""
    if not path.startswith("/"):
        return path
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    path = with_language_prefix(path + _beyond_the_page(request.path, page), code)
    return f"{path}?{query}" if query else path


def _beyond_the_page(path: str, page) -> str:
    """The part of an address after the page it routed to: routing takes one segment for
    each level below the home page (depth 2)."""
    segments = with_language_prefix(path, default_language()).strip("/").split("/")
    return "".join(f"{segment}/" for segment in segments[page.depth - 2 :] if segment)


def _same_address_in(request, code: str) -> str:
    path = request.get_full_path()
    translated = translate_url(path, code)
    if translated != path or language_prefix_of(path) == code:
        return translated
    # Wagtail pages are reached through a catch-all, which translate_url does not reverse
    # for every address; the prefix alone is enough there.
    return with_language_prefix(path, code)


class AddressLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without `Vary: Accept-Language` on the pages shared
    caches may keep (memorial.core.caching): a page's language comes from its address
    alone (English without a prefix), and a proxy keeping one copy per browser's
    Accept-Language would rarely find the one asked for."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if getattr(response, "archive_shareable", False) and response.has_header("Vary"):
            kept = [
                header.strip()
                for header in response["Vary"].split(",")
                if header.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


# Django marks Azerbaijani right-to-left (its Arabic-script form, as written in Iran); the
# archive's Azerbaijani, interface and content alike, is the Latin-script form of Azerbaijan.
LEFT_TO_RIGHT_DESPITE_DJANGO = frozenset({"az"})


def text_direction(language_code: str | None) -> str:
    """'rtl' for right-to-left languages (Hebrew, Arabic, Persian, …), else 'ltr'; an unknown
    or empty code is 'ltr' (the browser may still decide with dir="auto")."""
    if not language_code or language_code.lower() in LEFT_TO_RIGHT_DESPITE_DJANGO:
        return "ltr"
    try:
        return "rtl" if translation.get_language_info(language_code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def grouped_number(value: int) -> str:
    """An integer with the active language's thousands separator: '12,345' in English,
    '12 345' (a no-break space) in Azerbaijani and Russian, where a comma is the decimal
    separator."""
    return number_format(value, force_grouping=True)


grouped_number_lazy = lazy(grouped_number, str)
