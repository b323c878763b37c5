"""Name normalisation shared by ordering, A–Z browsing and (later) matching.

Names are kept exactly as the sources spell them; these helpers only derive keys.
"""

import unicodedata

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.utils.text import slugify

ALPHABET = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
OTHER_INITIAL = "#"


def fold(text: str) -> str:
    """Case- and accent-insensitive, script-independent form used for sorting."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    return " ".join(anyascii(text).casefold().split())


def tidy(text: str) -> str:
    """A name as typed, without stray spaces and in one Unicode form (NFC), so what looks
    the same is stored the same."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


# Azerbaijani and Turkish capitals are ambiguous (QUBALI is Qubalı as often as Qubali) and
# casefold makes İ an i with a combining dot: İ, I, i and ı are one letter in a key.
TURKIC_I = (("i\u0307", "i"), ("ı", "i"))


def same_name_key(*parts: str) -> str:
    """One key for names that differ only in case, spacing or Unicode form (not in
    letters: 'Şəki' and 'Saki' stay apart; but see TURKIC_I). Parts are kept apart by a
    line break."""
    folded = [unicodedata.normalize("NFKC", tidy(part)).casefold() for part in parts]
    for dotted, plain in TURKIC_I:
        folded = [part.replace(dotted, plain) for part in folded]
    return "\n".join(unicodedata.normalize("NFC", part) for part in folded)


def has_a_letter(text: str) -> bool:
    """Whether a name is written in some script at all, not only in dashes, dots, question
    marks or invisible characters."""
    return any(char.isalpha() for char in text)


def require_a_letter(value: str) -> None:
    if value and not has_a_letter(value):
        raise ValidationError("A name needs at least one letter.")


def require_a_letter_or_nothing(value: str) -> None:
    if value and not has_a_letter(value):
        raise ValidationError("A name needs at least one letter. Leave it empty if unknown.")


def sort_key(family_name: str, given_name: str = "") -> str:
    """'family given' folded to ASCII, so Мамедов sorts beside Mamedov."""
    return fold(f"{family_name} {given_name}")[:255]


def initial_of(name: str) -> str:
    """The A–Z letter a name is browsed under ('#' when it has no Latin equivalent)."""
    folded = fold(name)
    for char in folded:
        if char.isalpha():
            upper = char.upper()
            return upper if upper in ALPHABET else OTHER_INITIAL
    return OTHER_INITIAL


def full_name(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


TITLE_LENGTH = 255  # Wagtail's page and image titles


def fit_title(text: str, limit: int = TITLE_LENGTH) -> str:
    """`text` shortened to `limit` characters, with "…" where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def slug_for(text: str) -> str:
    """A URL slug that keeps the letters of any script: 'Məmmədov' → 'mammadov'."""
    return slugify(anyascii(text or ""))
