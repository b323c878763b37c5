"""Template tags for the public site: site name, navigation, pagination and small labels."""

import unicodedata
from datetime import date, datetime, timedelta

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Page, Site

from memorial.core.changes import public_state
from memorial.core.dates import DatePrecision, format_partial_date
from memorial.core.files.document_links import document_address as files_document_address
from memorial.core.files.private_collections import shown_publicly
from memorial.core.i18n import grouped_number, in_request_language, in_visitor_language
from memorial.core.mixins import AccessMixin
from memorial.core.pages import children_of
from memorial.core.privacy import can_view_content, public_pages

register = template.Library()

NAV_CACHE_SECONDS = 3600


@register.simple_tag
def archive_site_name() -> str:
    """The archive's name from WAGTAIL_SITE_NAME (the SITE_NAME environment variable)."""
    return settings.WAGTAIL_SITE_NAME


@register.simple_tag(takes_context=True)
def page_head(context, page) -> dict:
    """{'title': …, 'description': …} for the <head> of a page (base.html).

    A visitor who may not see a closed page's content (a testimony listed by its title)
    is told no more there than the page shows: its title, not the editor's search title
    or search description.
    """
    if not isinstance(page, Page):
        return {}
    request = context.get("request")
    if isinstance(page, AccessMixin) and not can_view_content(page, getattr(request, "user", None)):
        return {"title": page.title, "description": ""}
    return {"title": page.seo_title or page.title, "description": page.search_description}


@register.inclusion_tag("includes/primary_nav.html", takes_context=True)
def primary_nav(context):
    """The home page's public children, in tree order, with the current section marked.

    The list is cached per site until the archive changes (memorial.core.changes): it is
    on every page, and building it costs queries and URL lookups each time.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    items = []
    if site is not None:
        current_path = getattr(context.get("page"), "path", "")
        language = translation.get_language()
        key = f"primary-nav:{site.pk}:{language}:{public_state()}"
        sections = cache.get(key)
        if sections is None:
            sections = [
                (child.path, child.title, section_url(child, request))
                for child in menu_sections(site.root_page)
            ]
            cache.set(key, sections, NAV_CACHE_SECONDS)
        items = [
            {"title": title, "url": url, "current": _current_marker(current_path, path)}
            for path, title, url in sections
        ]
    return {"items": items, "request": request}


def menu_sections(home) -> list:
    """The home page's public children, each by its public translation into the visitor's
    language where it has one (a section nobody translated yet is read in English), then the
    pages only the home page's translation has."""
    sections = list(public_pages(children_of(home)).order_by("path"))
    translated_home = home.localized  # when it is live
    if translated_home.pk != home.pk:
        known = {section.translation_key for section in sections}
        sections = in_visitor_language(sections) + [
            page
            for page in public_pages(children_of(translated_home)).order_by("path")
            if page.translation_key not in known
        ]
    return sections


def section_url(page, request) -> str:
    """A plain Page's address as BasePage.get_url gives it, under the visitor's /az/ or /ru/
    prefix, without a query for the specific page."""
    return in_request_language(page.get_url(request) or "", request)


def _current_marker(current_path: str, item_path: str) -> str:
    """aria-current value: 'page' on the item itself, 'true' inside its section, else ''."""
    if not current_path or not current_path.startswith(item_path):
        return ""
    return "page" if current_path == item_path else "true"


@register.simple_tag
def elided_pages(page_obj, on_each_side=2, on_ends=1):
    """Page numbers around the current one, with '…' gaps, for includes/pagination.html."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    )


@register.filter
def document_address(document) -> str:
    """The address a public page links a document by (memorial.core.files.document_links)."""
    return files_document_address(document) if document else ""


register.filter("shown_publicly", shown_publicly)  # memorial.core.files.private_collections


@register.filter(name="in_visitor_language")
def page_in_visitor_language(page):
    """The page's public translation into the visitor's language, else the page itself."""
    return in_visitor_language([page])[0] if page is not None else None


@register.filter
def is_ellipsis(value) -> bool:
    """True for the gap marker that Paginator.get_elided_page_range() yields."""
    return not isinstance(value, int)


@register.filter
def initials(entry) -> str:
    """Up to two initials for a portrait placeholder: 'Anna Petrova' → 'AP'."""
    parts = [getattr(entry, "given_name", ""), getattr(entry, "family_name", "")]
    parts = [part for part in parts if part and part.strip()]
    if not parts:
        parts = (getattr(entry, "title", "") or str(entry)).split()[:2]
    return "".join(_initial_letter(part) for part in parts)[:2]


def _initial_letter(word: str) -> str:
    """The first letter of a word, capitalised where its script has capitals in common use.

    Georgian Mkhedruli is left as it is: its 'capitals' (Mtavruli) are rarely used in names
    and most fonts lack them.
    """
    letter = next((c for c in word if c.isalpha()), "")
    if not letter or unicodedata.name(letter, "").startswith("GEORGIAN"):
        return letter
    upper = letter.upper()
    return upper if len(upper) == 1 else letter


_KINDS = (
    # (app_label.ModelName, key, label)
    ("entries.MemorialEntryPage", "entry", _("Memorial entry")),
    ("entries.MemorialIndexPage", "collection", _("Memorial collection")),
    ("testimonies.TestimonyPage", "testimony", _("Testimony")),
    ("testimonies.TestimonyIndexPage", "collection", _("Testimony collection")),
    ("galleries.GalleryPage", "gallery", _("Photographs")),
    ("galleries.GalleryIndexPage", "collection", _("Photograph collection")),
)


@register.simple_tag
def page_kind(page) -> dict:
    """{'key': 'entry'|'testimony'|'gallery'|'collection'|'page', 'label': …} for a page."""
    label = page._meta.label
    for model_label, key, text in _KINDS:
        if label == model_label:
            return {"key": key, "label": text}
    return {"key": "page", "label": _("Page")}


@register.filter
def duration_display(value) -> str:
    """A recording's length for people: '1 hour 5 minutes', '47 minutes', '40 seconds'."""
    if not isinstance(value, timedelta):
        return ""
    total = int(value.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours})
    if minutes:
        parts.append(
            ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
        )
    if not parts:
        parts.append(
            ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}
        )
    return " ".join(parts)


@register.filter
def iso_duration(value) -> str:
    """A timedelta as an ISO 8601 duration for <time datetime>: 'PT1H5M0S'."""
    if not isinstance(value, timedelta):
        return ""
    total = int(value.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{seconds}S"


@register.filter
def thousands(value) -> str:
    """12345 → '12,345', or '12 345' in Azerbaijani and Russian (memorial.core.i18n)."""
    try:
        return grouped_number(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def full_date(value) -> str:
    """A day in the visitor's language, its month as it reads after a day number:
    '14 May 1942', '14 мая 1942' (Django's "j F Y" gives the nominative '14 Май 1942')."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    if not isinstance(value, date):
        return ""
    return format_partial_date(value, DatePrecision.DAY)


# Languages whose dotted and dotless i are separate letters: İ→i and I→ı.
DOTTED_I_LANGUAGES = frozenset({"az", "tr"})


@register.filter
def lower_for_language(value) -> str:
    """|lower in the active language: Azerbaijani 'İnsanlar' → 'insanlar', where Python's
    str.lower gives 'i̇nsanlar' (an i with a stray combining dot above)."""
    text = str(value)
    language = (translation.get_language() or "").split("-")[0]
    if language in DOTTED_I_LANGUAGES:
        text = text.replace("İ", "i").replace("I", "ı")
    return text.lower()
