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
from django.utils.translation import gettext, gettext_noop, pgettext_lazy

from memorial.core.names import same_name_key

ROLES = (
    gettext_noop("Narrator"),
    gettext_noop("Interviewer"),
    gettext_noop("Interpreter"),
    gettext_noop("Translator"),
)
# Languages that name a woman in a role by another word (Russian "Рассказчица") translate
# the roles again in this context; elsewhere it reads as the word above.
FEMININE_ROLES = (
    pgettext_lazy("speaker who is a woman", "Narrator"),
    pgettext_lazy("speaker who is a woman", "Interviewer"),
    pgettext_lazy("speaker who is a woman", "Interpreter"),
    pgettext_lazy("speaker who is a woman", "Translator"),
)

ROLE_LIST = (
    "“Narrator”, “Interviewer”, “Interpreter” or “Translator” (or the same words in one of "
    "the site's languages)"
)


def _key(label: str) -> str:
    # As place names are compared: "DANIŞAN" in capitals is "Danışan" (Turkic dotless i).
    return same_name_key(label)


@cache  # the catalogues do not change while the process runs
def _role_keys() -> frozenset[str]:
    keys = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            keys.update(_key(gettext(role)) for role in ROLES)
            keys.update(_key(str(role)) for role in FEMININE_ROLES)
    return frozenset(keys)


def narrator_is_unnamed(testimony) -> bool:
    """As `TestimonyPage.narrator_display`: anonymous, or no name given."""
    return testimony.narrator_is_anonymous or not testimony.narrator


def is_role_or_interviewer(speaker: str, interviewer: str) -> bool:
    key = _key(speaker)
    return key in _role_keys() or bool(interviewer and key == _key(interviewer))


def public_speaker(testimony, speaker: str) -> str:
    if not speaker or not narrator_is_unnamed(testimony):
        return speaker
    if is_role_or_interviewer(speaker, testimony.interviewer):
        return speaker
    return gettext("Narrator")


def speaker_problem(speaker: str, *, interviewer: str, narrator_names=()) -> str:
    """Why an anonymous narrator's testimony may not store this label ("" if it may).

    Such a label is either the narrator's name, which must not be stored at all, or someone
    else's, whose words the public would read as the narrator's. So the archive refuses it
    (leaving the label empty is always possible), rather than only warning."""
    if not speaker or is_role_or_interviewer(speaker, interviewer):
        return ""
    if any(name and _key(speaker) == _key(name) for name in narrator_names):
        return (
            f"“{speaker}” is the narrator's name, and the narrator is anonymous: it must not "
            "be stored. Label their words “Narrator”."
        )
    return (
        f"“{speaker}” is not a role: the narrator is anonymous, so a speaker must be labelled "
        f"{ROLE_LIST}, with the interviewer's name as given on the Narrator tab, or not at "
        "all. The public would read any other label as “Narrator”."
    )
