"""Match keys: what is stored for each name of a person, and what a search term becomes.

A word has three kinds of key, from strict to loose:

- EXACT: the word as written, case-folded (`məmmədov`);
- SPELLING: its canonical romanisations (`mamadov`, `mamedov`, …);
- SOUND: Daitch–Mokotoff codes of those romanisations (`663700`).

A term matches an entry when they share a key; the strictest shared kind ranks it.
FUZZY (close spelling, PostgreSQL trigram similarity on SPELLING keys) has no stored key.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from .phonetic import daitch_mokotoff
from .transliteration import (
    APOSTROPHES,
    COMBINING_MARKS,
    VOWEL_LETTERS,
    normalise_word,
    romanisations,
)

KEY_LENGTH = 64
MIN_LOOSE_LENGTH = 2  # a single letter (an initial) only matches exactly
# Russian-style patronymics, as canonical spellings: Raufovich, Рауфовна, Sergeyevich
# (sergeievich). Each is also spelled as the father's name it is made of, which other
# records write on its own (Rauf oğlu) or not at all.
# Ukrainian writes the daughter's -ivna (Іванівна, Ivanivna). A father's name ending in
# й drops it (Николай, Николаевна; Андрей, Андреевич): a stem ending in a vowel is also
# read with it, as i.
PATRONYMIC_ENDINGS = ("ovich", "evich", "ovna", "evna", "ivna")
MIN_FATHERS_NAME_LENGTH = 3
# Russian writes a woman's -ský surname -skaya (Ковальская), Polish and Czech -ska, -ská
# (Kowalska): each Russian spelling is also keyed as the Polish one.
RUSSIAN_FEMININE_SKAYA = ("skaia", "ska")
WORD = re.compile(rf"[^\W\d_](?:[^\W\d_]|[{re.escape(COMBINING_MARKS + APOSTROPHES)}])*")
# Irish O', Mc and Mac are typed apart from the name they begin as often as joined to it
# ("O Neil", "O' Brien", "Mac Tessary"); a full stop makes the O an initial ("O. Tessaro").
PARTICLE = re.compile(
    rf"(?<![^\W\d_{re.escape(APOSTROPHES)}])(o|ó|mc|mac)([{re.escape(APOSTROPHES)}]?)\s+"
    rf"(?=[^\W\d_])",
    re.IGNORECASE,
)


class MatchKind(IntEnum):
    EXACT = 0
    SPELLING = 1
    SOUND = 2
    FUZZY = 3


def words_of(name: str) -> list[str]:
    """The words of a name: letters of any script with their marks, apostrophes kept inside
    a word. Composed first (NFC), so a name is the same words however it was typed."""
    return WORD.findall(unicodedata.normalize("NFC", name or ""))


def with_particles_joined(text: str) -> str:
    """`text` with each Irish O, Mc or Mac joined to the word after it, as a search term
    is read: 'O Neil' is O'Neil."""
    return PARTICLE.sub(r"\1\2", unicodedata.normalize("NFC", text or ""))


def name_words(name: str) -> list[str]:
    """The words of a stored name, then each Irish O, Mc or Mac with the word after it
    ('O Neil'), keyed as one word too: the name is found as typed either way."""
    name = unicodedata.normalize("NFC", name or "")
    joined = [
        f"{match.group(1)}{match.group(2)} {words_of(name[match.end() :])[0]}"
        for match in PARTICLE.finditer(name)
    ]
    return words_of(name) + joined


BARE_PARTICLE = re.compile(rf"\s*(o|ó|mc|mac)[{re.escape(APOSTROPHES)}]?\s*", re.IGNORECASE)


def words_of_names(names: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(word, language) for the words of a person's names, given as (name, language) pairs
    in order. A name that is only an Irish O, Mc or Mac (the given name 'O' before the
    family name 'Tessaro') is also keyed with the first word of the name after it, as
    'O Tessaro' is typed and searched."""
    names = list(names)
    words = []
    for index, (name, language) in enumerate(names):
        words += [(word, language) for word in name_words(name)]
        after = words_of(names[index + 1][0]) if index + 1 < len(names) else []
        if after and BARE_PARTICLE.fullmatch(unicodedata.normalize("NFC", name or "")):
            words.append((f"{name.strip()} {after[0]}", language))
    return words


@dataclass(frozen=True)
class WordKeys:
    word: str
    exact: str
    spellings: tuple[str, ...]
    sounds: tuple[str, ...]

    def pairs(self) -> set[tuple[int, str]]:
        pairs = {(MatchKind.EXACT, self.exact)}
        pairs.update((MatchKind.SPELLING, key) for key in self.spellings)
        pairs.update((MatchKind.SOUND, code) for code in self.sounds)
        return pairs

    def best_kind_against(self, other: "WordKeys") -> MatchKind | None:
        if self.exact == other.exact:
            return MatchKind.EXACT
        if set(self.spellings) & set(other.spellings):
            return MatchKind.SPELLING
        if set(self.sounds) & set(other.sounds):
            return MatchKind.SOUND
        return None


@lru_cache(maxsize=50_000)
def word_keys(word: str, language: str = "") -> WordKeys:
    exact = normalise_word(word)[:KEY_LENGTH]
    if len(exact) < MIN_LOOSE_LENGTH:
        return WordKeys(word, exact, (), ())
    found = romanisations(word, language)
    if bare := _without_marks(word):
        # Vowel points and other marks are often left out: כֹּהֵן is also written כהן.
        found = [*found, *romanisations(bare, language)]
    found = [*found, *_fathers_names(found), *_polish_feminine(found)]
    spellings = tuple(dict.fromkeys(key[:KEY_LENGTH] for key in found))
    sounds: dict[str, None] = {}
    for spelling in spellings:
        sounds.update(dict.fromkeys(sorted(daitch_mokotoff(spelling))))
    return WordKeys(word, exact, spellings, tuple(sounds))


def _fathers_names(spellings: list[str]) -> list[str]:
    """The father's name in each spelling that is a patronymic."""
    stems = [
        spelling[: -len(ending)]
        for spelling in spellings
        for ending in PATRONYMIC_ENDINGS
        if spelling.endswith(ending) and len(spelling) - len(ending) >= MIN_FATHERS_NAME_LENGTH
    ]
    return stems + [stem + "i" for stem in stems if stem[-1] in VOWEL_LETTERS]


def _polish_feminine(spellings: list[str]) -> list[str]:
    russian, polish = RUSSIAN_FEMININE_SKAYA
    return [
        spelling[: -len(russian)] + polish for spelling in spellings if spelling.endswith(russian)
    ]


def _without_marks(word: str) -> str:
    """The word without the marks that stay separate once composed (Hebrew points, Arabic
    vowel signs), if it has any; else ""."""
    word = unicodedata.normalize("NFC", word)
    if not any(unicodedata.category(char)[0] == "M" for char in word):
        return ""
    return "".join(char for char in word if unicodedata.category(char)[0] != "M")


def name_keys(names: Iterable[tuple[str, str]]) -> set[tuple[int, str]]:
    """Every (kind, key) for a person's names, given as (name, language) pairs."""
    keys: set[tuple[int, str]] = set()
    for word, language in words_of_names(names):
        keys |= word_keys(word, language or "").pairs()
    return keys
