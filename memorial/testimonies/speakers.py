"""Speaker labels as the public may read them.

An anonymous narrator's name is never stored in `narrator`, but a transcript's speaker
labels (WebVTT voice tags, the editor's speaker field) often carry it. So wherever the
narrator is shown as anonymous, a label is kept only if it is a role (Narrator, Interviewer,
Interpreter, Translator, in any of the site's languages) or the interviewer's name (public
anyway); any other label reads "Narrator", even one that holds a role and more. Every
surface that gives out a transcript (page, .vtt, API, bag) takes its labels from
`public_speaker`.
"""

from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

ROLES = (
    gettext_noop("Narrator"),
    gettext_noop("Interviewer"),
    gettext_noop("Interpreter"),
    gettext_noop("Translator"),
)


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


@cache  # the catalogues do not change while the process runs
def _role_keys() -> frozenset[str]:
    keys = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            keys.update(_key(gettext(role)) for role in ROLES)
    return frozenset(keys)


def narrator_is_unnamed(testimony) -> bool:
    """As `TestimonyPage.narrator_display`: anonymous, or no name given."""
    return testimony.narrator_is_anonymous or not testimony.narrator


def public_speaker(testimony, speaker: str) -> str:
    if not speaker or not narrator_is_unnamed(testimony):
        return speaker
    key = _key(speaker)
    if key in _role_keys() or (testimony.interviewer and key == _key(testimony.interviewer)):
        return speaker
    return gettext("Narrator")
