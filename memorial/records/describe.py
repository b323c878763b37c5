"""Plain descriptions of public records, shared by the API, OAI-PMH, JSON-LD and citations.

Nothing here decides visibility: callers pass rows that came from
`memorial.core.privacy.public_pages()`, and every helper that follows a link to another
page (relatives, people mentioned) filters through it again.
"""

import re
from html import unescape

from django.urls import reverse
from django.utils.html import strip_tags

PORTRAIT_FILTER = "max-360x480"  # the portrait rendition the entry page shows

# Characters XML 1.0 cannot carry, even escaped; imported names sometimes contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(value) -> str:
    return _NOT_XML.sub("", str(value or "")).strip()


def plain_text(html: str) -> str:
    """Rich text as one line of plain text: tags dropped, entities decoded, spaces collapsed."""
    text = unescape(strip_tags(html or ""))
    return " ".join(clean_text(text).split())


def permanent_path(entry) -> str:
    return reverse("entry_short_link", args=[entry.identifier])


def permanent_url(request, entry) -> str:
    """The citable address of an entry: /e/<identifier>/, never its current page path."""
    return request.build_absolute_uri(permanent_path(entry))


def page_url(request, page) -> str:
    return page.get_full_url(request=request) or request.build_absolute_uri(page.url or "/")


def place_label(place) -> str:
    return clean_text(str(place)) if place is not None else ""


def life_line(entry) -> str:
    """'Born c. 1931 in Velmora, Uplands. Died 14 May 1942 in Ostrel. Age at death: 11.'"""
    parts = []
    for verb, iso, display, place in (
        ("Born", entry.birth_iso, entry.birth_display, entry.birth_place),
        ("Died", entry.death_iso, entry.death_display, entry.death_place),
    ):
        if iso and place is not None:
            parts.append(f"{verb} {display} in {place_label(place)}.")
        elif iso:
            parts.append(f"{verb} {display}.")
        elif place is not None:
            parts.append(f"{verb} in {place_label(place)}, date unknown.")
    if entry.age is not None:
        parts.append(f"Age at death: {entry.age}.")
    if entry.occupation:
        parts.append(f"Occupation: {clean_text(entry.occupation)}.")
    return " ".join(parts)


def mentioned_entries(testimony):
    """Public entries a testimony mentions, in the editor's order."""
    return [mention.entry for mention in testimony.public_mentions()]
