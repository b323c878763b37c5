"""Romanise one word of a name into a small set of canonical Latin spellings.

Each script or language has a table of letters (or letter groups) and the Latin
spellings they are commonly given; a word becomes every combination, capped. The
results are then canonicalised so that the conventions of different languages
converge: German `Schwartz`, Polish `Szwarc` and Russian `Шварц` all become
`shvarts`, Azerbaijani `Cəfərov` and Russian `Джафаров` both give `jafarov`.
Stored names and search terms go through the same function, so matching is a set
intersection.
"""

import re
import unicodedata
from itertools import product, zip_longest

from anyascii import anyascii

MAX_SPELLINGS = 16
MAX_WORD_LENGTH = 64

# A table key beginning with this applies only at the start of a word.
WORD_START = "^"

CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": ("g", "h"), "д": "d", "е": "e", "ё": ("e", "yo"),
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": ("kh", "h"),
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya", "дж": "j",
    # Ukrainian and Belarusian; Russian-language records write Євтушенко as Evtushenko
    # and Polish-style ones Кавалёў as Kavalew.
    "і": "i", "ї": "yi", "є": ("ye", "e"), "ґ": "g", "ў": ("u", "v"),
    # Azerbaijani Cyrillic
    "ә": ("a", "e"), "ғ": ("gh", "g"), "ҹ": "j", "һ": "h", "ј": "y", "ү": "u", "ө": "o",
    "ҝ": "g", "қ": "k",
}  # fmt: skip

# After a vowel or first in a word, Russian е is written "ye" as often as "e": Агаев is
# Agayev or Agaev, Елена Yelena (German Jelena) or Elena.
CYRILLIC.update(
    {vowel + "е": (CYRILLIC[vowel] + "e", CYRILLIC[vowel] + "ye") for vowel in "аоуыэюяие"}
)
CYRILLIC[WORD_START + "е"] = ("e", "ye")
# Щ is often simplified to the German sch or English sh: Щербаков as Scherbakov.
CYRILLIC["щ"] = ("shch", "sh")

ARMENIAN = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": ("e", "ye"), "զ": "z", "է": "e",
    "ը": ("y", "e"), "թ": "t", "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts",
    "կ": "k", "հ": "h", "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n",
    "շ": "sh", "ո": ("o", "vo"), "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s",
    "վ": "v", "տ": "t", "ր": "r", "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "օ": "o",
    "ֆ": "f", "ու": "u", "և": "ev",
    # Russian writes Հովհաննես as Ованес or Оганес, Հովսեփ as Овсеп.
    "վհ": ("vh", "v", "h"),
}  # fmt: skip
# Russian leaves out a Հ before a vowel at the start of a name: Հակոբյան is Акопян,
# Հարությունյան Арутюнян, Հայկ Айк (before a consonant it is Г: Հրանտ, Грант).
AFTER_ARMENIAN_H = {"ա": "a", "ե": "e", "է": "e", "ը": "e", "ի": "i", "ո": "o", "օ": "o", "ու": "u"}
ARMENIAN.update(
    {WORD_START + "հ" + vowel: ("h" + sound, sound) for vowel, sound in AFTER_ARMENIAN_H.items()}
)

GEORGIAN = {
    "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t",
    "ი": "i", "კ": "k", "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "p", "ჟ": "zh",
    "რ": "r", "ს": "s", "ტ": "t", "უ": "u", "ფ": "p", "ქ": "k", "ღ": "gh", "ყ": ("k", "q"),
    "შ": "sh", "ჩ": "ch", "ც": "ts", "ძ": "dz", "წ": "ts", "ჭ": "ch", "ხ": "kh", "ჯ": "j",
    "ჰ": "h",
}  # fmt: skip

# Hebrew (and Yiddish) spelling mostly omits vowels, so its romanisations rarely equal
# a Latin spelling; they exist for the phonetic codes, which ignore vowels. Not quite:
# a vowel keeps two letters of one code apart (Cohen: k, o, h, 556000), so each word is
# also read with a vowel between its letters (כהן as kehen as well as khn, 560000).
HEBREW = {
    "א": "", "ב": ("b", "v"), "ג": "g", "ד": "d", "ה": "h", "ו": ("v", "o", "u"),
    "וו": "v", "ז": "z", "ח": "kh", "ט": "t", "י": ("y", "i"), "יי": ("ey", "ay"),
    "כ": ("k", "kh"), "ך": "kh", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n",
    "ס": "s", "ע": ("", "e"), "פ": ("p", "f"), "ף": "f", "צ": "ts", "ץ": "ts", "ק": "k",
    "ר": "r", "ש": ("sh", "s"),
    # t in Sephardi and Israeli Hebrew, s in Ashkenazi and Yiddish (Shabtai, Shabsai)
    "ת": ("t", "s"),
    # An alef begins a name that begins with a vowel (אברהם, Avraham, Avrom).
    WORD_START + "א": ("", "a"),
}  # fmt: skip

# h is х in Russian before a consonant (Əhmədov, Ахмедов, Akhmedov). The letter pairs
# of English spelling are kept whole: an unhinted "Shapiro" is read by this table too.
AZERBAIJANI = {
    "ə": ("a", "e"), "c": "j", "ç": "ch", "ş": "sh", "ğ": ("gh", "g"), "ı": "i", "ö": "o",
    "ü": "u", "x": ("kh", "h"), "q": "g", "j": "zh", "h": ("h", "kh"),
    "sh": "sh", "ch": "ch", "kh": "kh", "zh": "zh", "gh": "gh",
}  # fmt: skip
TURKISH = {
    "c": "j", "ç": "ch", "ş": "sh", "ğ": ("", "g"), "ı": "i", "ö": "o", "ü": "u", "j": "zh",
}  # fmt: skip
POLISH = {
    "sz": "sh", "cz": "ch", "rz": "zh", "ż": "zh", "ź": "zh", "ś": "sh", "ć": "ch",
    "ń": "n", "ł": "l", "ą": ("on", "a"), "ę": ("en", "e"), "ó": "u", "w": "v", "c": "ts",
    "j": "y", "ch": "kh", "dż": "j", "dź": "j", "ci": "chi", "si": "shi", "zi": "zhi",
}  # fmt: skip
GERMAN = {
    "tsch": "ch", "sch": "sh", "tz": "ts", "z": "ts", "w": "v", "j": "y", "ch": "kh",
    "ß": "ss", "ä": ("ae", "e"), "ö": ("oe", "o"), "ü": ("ue", "u"),
}  # fmt: skip
# Armenian names in Latin letters are also read as Russian writes them, without an H
# before a vowel at the start: Hakobyan, Акопян; Harutyunyan, Арутюнян. Hov(h)- is
# Հով(հ)-, which Russian writes Ов- or Ог- (Hovhannisyan, Оганесян; Hovsepyan, Овсепян);
# a Hov- before a vowel may have lost the h of Հովհ- (Hovannisyan).
ARMENIAN_LATIN = {
    WORD_START + "hovh": ("hovh", "hov", "hoh", "ovh", "ov", "oh"),
    WORD_START + "hov": ("hov", "ov"),
    **{
        WORD_START + "hov" + vowel: ("hov" + vowel, "ov" + vowel, "oh" + vowel)
        for vowel in "aeiouy"
    },
    **{WORD_START + "h" + vowel: ("h" + vowel, vowel) for vowel in "aeiouy"},
}
# Which Latin names are Armenian: H- alone is not (Hovey, Horowitz, Hoffmann). A surname
# ending as Armenian ones do, Hovh- (no other language begins so), or a given name of
# this list: the names Russian writes without their H.
ARMENIAN_SURNAME_ENDINGS = ("yan", "ian", "jan", "yants", "iants")
ARMENIAN_GIVEN_NAMES = frozenset(
    {"hakob", "harutyun", "harutiun", "hayk", "haik", "hambardzum", "hovsep", "hovakim"}
    | {"hovik", "hovnan", "hasmik", "hayrapet", "haykanush"}
)


def looks_armenian(word: str) -> bool:
    return (
        word.endswith(ARMENIAN_SURNAME_ENDINGS)
        or word.startswith("hovh")
        or word in ARMENIAN_GIVEN_NAMES
    )


# Letters Czech, Slovak, Croatian, Lithuanian and the scholarly and ISO 9 transliterations
# of Cyrillic write one sound with, read the same in every Latin spelling: Ševčenko is
# Shevchenko, Žukov Zhukov.
CARON_LETTERS = {"š": "sh", "č": "ch", "ž": "zh", "ŝ": "shch", "ř": "rzh"}
LATIN_TABLES = {"az": AZERBAIJANI, "tr": TURKISH, "pl": POLISH, "de": GERMAN, "hy": ARMENIAN_LATIN}

# Letters that say which language a Latin spelling follows.
LANGUAGE_HINTS = {
    "ə": {"az"}, "ğ": {"az", "tr"}, "ı": {"az", "tr"}, "ş": {"az", "tr"}, "ç": {"az", "tr"},
    "ö": {"az", "tr", "de"}, "ü": {"az", "tr", "de"}, "ä": {"de"}, "ß": {"de"},
    "ł": {"pl"}, "ą": {"pl"}, "ę": {"pl"}, "ś": {"pl"}, "ź": {"pl"}, "ż": {"pl"},
    "ć": {"pl"}, "ń": {"pl"}, "ó": {"pl"},
}  # fmt: skip

# Spelling conventions that mean the same sound, rewritten to one form (in order).
CANONICAL_RULES = [
    ("dzh", "j"), ("dsch", "j"), ("dj", "j"), ("tsch", "ch"), ("tch", "ch"), ("sch", "sh"),
    ("ph", "f"), ("ck", "k"), ("tz", "ts"), ("w", "v"), ("q", "k"), ("y", "i"),
]  # fmt: skip
NOT_LETTER = re.compile(r"[^a-z]")
VOWEL_LETTERS = "aeiouy"
DOUBLED = re.compile(r"(.)\1+")
# The y between a vowel and e is written or not (Rzayev, Rzaev; Агаев, Agayev, Agaev).
GLIDE_BEFORE_E = re.compile(r"(?<=[aou])ie")


# The apostrophes names are typed with (O'Neil, O’Neil, O‘Neil, O`Neil): one word each.
APOSTROPHES = "'’ʼ‘`"
# Python's \w leaves out combining marks. Without them, "Müller" typed as u + ◌̈ (NFD, as
# some keyboards send it) or a Hebrew name with vowel points would fall into pieces.
COMBINING_MARKS = "".join(
    char for char in map(chr, range(0x300, 0x10000)) if unicodedata.category(char)[0] == "M"
)
_DROPPED = str.maketrans("", "", APOSTROPHES + " ")  # the space of a joined 'O Neil' too
DOTTED_I_FOLDED = "İ".casefold()


def normalise_word(word: str) -> str:
    """NFKC, case-folded, without the apostrophes, spaces and marks that spelling drops."""
    word = unicodedata.normalize("NFKC", word or "").casefold()[:MAX_WORD_LENGTH]
    # İ folds to i + a combining dot; Azerbaijani and Turkish write it lowercase as i.
    return word.replace(DOTTED_I_FOLDED, "i").translate(_DROPPED)


def canonical(latin: str) -> str:
    """One spelling per sound convention, ASCII letters only, no doubled letters."""
    text = NOT_LETTER.sub("", anyascii(latin).lower())
    for old, new in CANONICAL_RULES:
        text = text.replace(old, new)
    return DOUBLED.sub(r"\1", GLIDE_BEFORE_E.sub("e", text))


def _script_table(word: str) -> dict | None:
    for char in word:
        if "\u0400" <= char <= "\u052f":
            return CYRILLIC
        if "\u0530" <= char <= "\u058f":
            return ARMENIAN
        if "\u10a0" <= char <= "\u10ff" or "\u1c90" <= char <= "\u1cbf":
            return GEORGIAN
        if "\u0590" <= char <= "\u05ff":
            return HEBREW
    return None


def _latin_tables(word: str, language: str) -> list[dict]:
    if language in LATIN_TABLES:
        return [LATIN_TABLES[language], CARON_LETTERS]
    hinted = set().union(*(LANGUAGE_HINTS.get(char, set()) for char in word))
    languages = sorted(hinted) if hinted else sorted(set(LATIN_TABLES) - {"hy"})
    if looks_armenian(word):
        languages.append("hy")
    return [CARON_LETTERS] + [LATIN_TABLES[code] for code in languages]


def _join(pieces: tuple[str, ...], vowel: str) -> str:
    """The pieces as one spelling, with `vowel` (if any) between two consonants."""
    text = ""
    for piece in pieces:
        if vowel and text and piece and not {text[-1], piece[0]} & set(VOWEL_LETTERS):
            text += vowel
        text += piece
    return text


def _apply(word: str, table: dict, vowel: str = "") -> list[str]:
    """Every spelling of `word` under `table` (longest letter groups first), capped;
    `vowel`, if given, is written between consonants."""
    longest = max((len(key) for key in table), default=1)
    pieces: list[tuple[str, ...]] = []
    position = 0
    while position < len(word):
        for size in range(min(longest, len(word) - position), 0, -1):
            chunk = word[position : position + size]
            if position == 0 and WORD_START + chunk in table:
                chunk = WORD_START + chunk
            if chunk in table:
                options = table[chunk]
                pieces.append((options,) if isinstance(options, str) else options)
                position += size
                break
        else:
            pieces.append((anyascii(word[position]),))
            position += 1
    spellings = []
    for combination in product(*pieces):
        spellings.append(_join(combination, vowel))
        if len(spellings) >= MAX_SPELLINGS:
            break
    return spellings


def romanisations(word: str, language: str = "") -> list[str]:
    """Canonical Latin spellings of one word, most literal first, without duplicates."""
    word = normalise_word(word)
    if not word:
        return []
    table = _script_table(word)
    tables = [table] if table is not None else _latin_tables(word, language.lower()[:2])
    found: dict[str, None] = {}
    for each in tables:
        spellings = _apply(word, each)
        if each is HEBREW:
            # Alternately, so that both readings outlast the cap.
            voweled = _apply(word, each, vowel="e")
            spellings = [s for pair in zip_longest(spellings, voweled) for s in pair if s]
        for spelling in spellings:
            if key := canonical(spelling):
                found.setdefault(key)
        if len(found) >= MAX_SPELLINGS:
            break
    return list(found)[:MAX_SPELLINGS]
