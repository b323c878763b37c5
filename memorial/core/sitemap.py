"""sitemap.xml: the public pages only, from the same helper as every other public surface,
each in every interface language.

A page is read under every language prefix (memorial.core.i18n): at its public translation's
address when it has one, else at its own address under the prefix (its content, the
interface translated). Each address is listed with the others as hreflang alternates, as
the pages' own <link rel="alternate"> do. A translation visitors may not read (a draft, a
private one) takes its language out of the page's addresses: its address would lead to it.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import path
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .i18n import default_language, default_locale_id, with_language_prefix
from .privacy import public_pages
from .shown_snippet_dates import changed_since_published, latest_change_of

# Addresses per sitemap file; each page is listed once per language. The protocol allows
# 50,000, but a file is drawn in one request: 3,000 (1,000 pages) take about 2 s and 1.5 MB.
URLS_PER_FILE = 3_000


class PublicPagesSitemap(Sitemap):
    @property
    def limit(self):  # pages per sitemap file; the index lists as many files as needed
        return URLS_PER_FILE // len(settings.LANGUAGES)

    def public(self):
        root = self.get_wagtail_site().root_page
        return public_pages(Page.objects.descendant_of(root, inclusive=True))

    def items(self):
        return self.public().order_by("path").defer_streamfields().specific()

    def get_latest_lastmod(self):
        """The index's date: the latest change of a listed page or translation, asked of the
        database. Django's default builds every page of the archive to ask each its date."""
        pages = self.public().order_by()
        own = pages.aggregate(at=Max(Coalesce("last_published_at", "latest_revision_created_at")))
        translations = public_pages(
            Page.objects.filter(translation_key__in=pages.values("translation_key"))
        ).exclude(locale_id=default_locale_id())
        translated = translations.order_by().aggregate(at=Max("last_published_at"))
        # A place or keyword the pages show renamed or deleted since (shown_snippet_dates).
        renamed = latest_change_of(pages, translations)
        dates = (own["at"], translated["at"], renamed)
        return max((at for at in dates if at), default=None)

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        translations = Translations(pages, self.request)
        urls = []
        for item in pages:
            addresses = translations.addresses(item)
            alternates = [
                {"lang_code": code, "location": location} for code, location, _ in addresses
            ]
            if addresses and addresses[0][0] == default_language():
                alternates.append({"lang_code": "x-default", "location": addresses[0][1]})
            urls.extend(
                {"location": location, "lastmod": lastmod, "alternates": alternates}
                for _code, location, lastmod in addresses
            )
        last_mods = {url["lastmod"] for url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


class Translations:
    """The translations of a sitemap file's pages into the other languages, read at once,
    and when what each shows last changed without a publication."""

    def __init__(self, pages, request):
        self.request = request
        others = Page.objects.filter(
            translation_key__in={page.translation_key for page in pages}
        ).exclude(locale_id=default_locale_id())
        self.public = {
            (translated.translation_key, translated.locale.language_code): translated
            for translated in public_pages(others).select_related("locale")
        }
        self.changed = changed_since_published(
            [page.pk for page in pages] + [page.pk for page in self.public.values()]
        )
        self.closed = {
            (key, code)
            for key, code in others.values_list("translation_key", "locale__language_code")
            if (key, code) not in self.public
        }

    def addresses(self, page) -> list[tuple]:
        """(language, address, last change) for each language visitors may read `page` in."""
        own = page.get_full_url(self.request)
        if not own:
            return []
        lastmod = self._lastmod(page, page.last_published_at or page.latest_revision_created_at)
        found = []
        for code, _name in settings.LANGUAGES:
            key = (page.translation_key, code)
            if (translated := self.public.get(key)) is not None:
                found.append(
                    (
                        code,
                        translated.get_full_url(self.request),
                        self._lastmod(translated, translated.last_published_at),
                    )
                )
            elif key not in self.closed:
                found.append((code, _under_prefix(own, code), lastmod))
        return found

    def _lastmod(self, page, published):
        changed = self.changed.get(page.pk)
        return max(published, changed) if published and changed else published or changed


def _under_prefix(url: str, language: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=with_language_prefix(parts.path, language)))


def _sitemaps(request):
    return {"pages": PublicPagesSitemap(request)}


def public_sitemap_index(request):
    return sitemap_views.index(request, _sitemaps(request), sitemap_url_name="sitemap_section")


def public_sitemap_section(request, section):
    return sitemap_views.sitemap(request, _sitemaps(request), section=section)


urlpatterns = [
    path("sitemap.xml", public_sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", public_sitemap_section, name="sitemap_section"),
]
