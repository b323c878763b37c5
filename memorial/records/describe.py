"""Plain descriptions of public records, shared by the API, OAI-PMH, JSON-LD and citations.

Nothing here decides visibility: callers pass rows that came from
`memorial.core.privacy.public_pages()`, and every helper that follows a link to another
page (relatives, people mentioned) filters through it again.
"""

import re
from html import unescape

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext, gettext_lazy

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
    """'Born c. 1931 in Velmora, Uplands. Died 14 May 1942 in Ostrel. Age at death: 11.',
    in the active language, as the dates in it are (JSON-LD on the page, OAI-PMH in English)."""
    parts = [
        _life_event(BIRTH_SENTENCES, entry.birth_iso, entry.birth_display, entry.birth_place),
        _life_event(DEATH_SENTENCES, entry.death_iso, entry.death_display, entry.death_place),
    ]
    if entry.age is not None:
        parts.append(gettext("Age at death: %(age)s.") % {"age": entry.age})
    if entry.occupation:
        occupation = clean_text(entry.occupation)
        parts.append(gettext("Occupation: %(occupation)s.") % {"occupation": occupation})
    return " ".join(part for part in parts if part)


# (date and place, date only, place only) for each event.
BIRTH_SENTENCES = (
    gettext_lazy("Born %(date)s in %(place)s."),
    gettext_lazy("Born %(date)s."),
    gettext_lazy("Born in %(place)s, date unknown."),
)
DEATH_SENTENCES = (
    gettext_lazy("Died %(date)s in %(place)s."),
    gettext_lazy("Died %(date)s."),
    gettext_lazy("Died in %(place)s, date unknown."),
)


def _life_event(sentences, iso: str, display: str, place) -> str:
    with_place, date_only, place_only = sentences
    values = {"date": display, "place": place_label(place)}
    if iso and place is not None:
        return with_place % values
    if iso:
        return date_only % values
    if place is not None:
        return place_only % values
    return ""


def mentioned_entries(testimony):
    """Public entries a testimony mentions, in the editor's order."""
    return [mention.entry for mention in testimony.public_mentions()]
