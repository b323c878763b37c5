"""Template tags for open data on public pages: JSON-LD and "Cite this entry".

{% load records_tags %}
{% block extra_head %}{% record_jsonld page %}{% endblock %}
{% cite_entry page %}
"""

import re

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.html import format_html

from memorial.entries.models import MemorialEntryPage
from memorial.testimonies.models import TestimonyPage

from ..describe import permanent_url
from ..jsonld import entry_jsonld, script_tag, testimony_jsonld

register = template.Library()

BIBTEX_SPECIAL = re.compile(r"([&%$#_])")
CITATION_LANGUAGE = "en"


@register.simple_tag(takes_context=True)
def record_jsonld(context, page):
    """The page's JSON-LD script, for entries and testimonies; nothing for other pages."""
    request = context.get("request")
    if request is None:
        return ""
    if isinstance(page, MemorialEntryPage):
        return script_tag(entry_jsonld(page, request))
    if isinstance(page, TestimonyPage):
        return script_tag(testimony_jsonld(page, request))
    return ""


@register.inclusion_tag("includes/cite_entry.html", takes_context=True)
def cite_entry(context, entry):
    """A permanent link, today's access date and the entry cited in three styles."""
    request = context["request"]
    today = timezone.localdate()
    cited = citations(entry, request, today)
    for style in ("chicago", "apa"):
        cited[style] = _name_isolated(cited[style], entry.title)
    return {"entry": entry, "accessed": today, **cited}


def _name_isolated(citation: str, name: str) -> str:
    """The citation as HTML with the person's name in <bdi>: a right-to-left name would draw
    the "(1931 –" after it into its own direction and show "(14 – 1931 May 1942)"."""
    before, found, after = citation.partition(name)
    if not found:
        return citation
    return format_html("{}<bdi>{}</bdi>{}", before, name, after)


def citations(entry, request, today) -> dict:
    """The permanent link, and the entry cited in Chicago, APA and BibTeX.

    The styles are English formats, so the citation is English whatever the page's
    language, its life dates and access date included; only the link keeps the visitor's.
    """
    url = permanent_url(request, entry)
    with translation.override(CITATION_LANGUAGE):
        return {"permanent_url": url, **_citation_texts(entry, url, today)}


def _citation_texts(entry, url, today) -> dict:
    site = settings.WAGTAIL_SITE_NAME
    dates = entry.life_span if (entry.birth_iso or entry.death_iso) else ""
    title = f"{entry.title} ({dates})" if dates else entry.title
    published = entry.last_published_at or entry.first_published_at
    year = str(timezone.localtime(published).year) if published else "n.d."
    us_date = f"{MONTHS[today.month]} {today.day}, {today.year}"
    return {
        "chicago": f"“{title}.” {site}, record {entry.identifier}. Accessed {us_date}. {url}.",
        "apa": f"{site}. ({year}). {title} [Memorial record {entry.identifier}]. "
        f"Retrieved {us_date}, from {url}",
        "bibtex": bibtex(entry, site, url, year, today, dates),
    }


def bibtex(entry, site, url, year, today, dates) -> str:
    key = re.sub(r"[^A-Za-z0-9_:-]", "", entry.identifier) or str(entry.pk)
    fields = [
        ("title", f"{{{_bib(entry.title)}}}"),
        ("author", f"{{{_bib(site)}}}"),
        ("howpublished", f"{_bib(site)}, record {_bib(entry.identifier)}"),
        ("year", year if year != "n.d." else ""),
        ("note", f"Life dates: {_bib(dates)}" if dates else ""),
        ("url", url),
        ("urldate", today.isoformat()),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}"


def _bib(text: str) -> str:
    """Text safe inside a BibTeX value: braces and backslashes dropped, specials escaped."""
    text = " ".join(str(text).translate({ord(c): None for c in "{}\\"}).split())
    return BIBTEX_SPECIAL.sub(r"\\\1", text)
