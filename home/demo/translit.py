"""Spelling variants: the same name as different clerks, scripts and registers wrote it.

These are deliberately simple, rule-of-thumb transliterations — the kind of variation a
name-search has to cope with — not scholarly systems.
"""

from anyascii import anyascii

_CYR_GERMAN = {
    "щ": "schtsch", "ш": "sch", "ж": "sh", "ч": "tsch", "х": "ch", "ц": "z", "в": "w",
    "й": "j", "ю": "ju", "я": "ja", "ё": "jo", "є": "je", "ї": "ji", "з": "s", "с": "s",
    "у": "u", "ы": "y", "э": "e", "ь": "", "ъ": "", "і": "i", "ґ": "g", "г": "g",
    "а": "a", "б": "b", "д": "d", "е": "e", "ф": "f", "и": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "т": "t", "'": "",
}  # fmt: skip

_AZ_REGISTER = {
    "ə": "a", "x": "kh", "c": "j", "ç": "ch", "ş": "sh", "ğ": "gh", "ı": "y", "ö": "o",
    "ü": "u", "q": "g", "i̇": "i",
}  # fmt: skip

_BASE_CYR = {
    "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х",
    "i": "и", "j": "й", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "q": "к", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс",
    "y": "ы", "z": "з", "-": "-", "'": "",
}  # fmt: skip

_LANG_CYR = {
    "az": {
        "ə": "а", "x": "х", "c": "дж", "ç": "ч", "ş": "ш", "ğ": "г", "ı": "ы", "ö": "ё",
        "ü": "ю", "q": "г", "h": "г", "j": "ж", "ya": "я", "yu": "ю", "yo": "ё", "ye": "е",
        "y": "й", "i̇": "и",
    },
    "pl": {
        "szcz": "щ", "sz": "ш", "cz": "ч", "rz": "ж", "ch": "х", "ł": "л", "ś": "сь",
        "ć": "ць", "ń": "нь", "ż": "ж", "ź": "зь", "ó": "у", "ą": "он", "ę": "ен", "c": "ц",
        "ja": "я", "je": "е", "jo": "ё", "ju": "ю", "ia": "я", "ie": "е", "io": "ё", "iu": "ю",
        "y": "ы", "h": "х",
    },
    "de": {
        "tsch": "ч", "sch": "ш", "ch": "х", "ck": "к", "tz": "ц", "ph": "ф", "qu": "кв",
        "ei": "ай", "eu": "ой", "äu": "ой", "ie": "и", "ß": "сс", "z": "ц", "w": "в",
        "v": "ф", "j": "й", "ü": "ю", "ö": "ё", "ä": "э", "y": "и", "h": "г",
    },
    "tr": {
        "ş": "ш", "ç": "ч", "c": "дж", "ğ": "", "ı": "ы", "ö": "ё", "ü": "ю", "j": "ж",
        "ya": "я", "yu": "ю", "ye": "е", "y": "й", "i̇": "и", "â": "а", "î": "и",
    },
    "en": {
        "sh": "ш", "ch": "ч", "th": "т", "ph": "ф", "j": "дж", "y": "и", "oo": "у",
        "ee": "и", "w": "в", "gh": "", "oh": "о", "ei": "ей", "ai": "ей", "ck": "к",
    },
}  # fmt: skip


def _apply(text: str, table: dict) -> str:
    """Greedy longest-match replacement, case-insensitive, keeping each word's capital."""
    keys = sorted(table, key=len, reverse=True)
    return " ".join(
        _keep_case(word, _apply_word(word.lower(), keys, table)) for word in text.split()
    )


def _apply_word(lower: str, keys: list, table: dict) -> str:
    out, i = [], 0
    while i < len(lower):
        for key in keys:
            if lower.startswith(key, i):
                out.append(table[key])
                i += len(key)
                break
        else:
            out.append(lower[i])
            i += 1
    return "".join(out)


def _keep_case(original: str, converted: str) -> str:
    """Capitalise like the original word; scripts without case (Georgian) get a capital."""
    first = original[:1]
    georgian = "\u10d0" <= first <= "\u10ff"  # Mkhedruli counts as lower case in Unicode
    if first.islower() and not georgian:
        return converted
    return "-".join(part[:1].upper() + part[1:] for part in converted.split("-"))


def ascii_form(text: str) -> str:
    """Accents and script folded away: what a typewriter without diacritics produced."""
    return " ".join(
        _keep_case(word, anyascii(word).replace("'", "").replace("`", "")) for word in text.split()
    )


def scholarly_form(text: str) -> str:
    """Letter-by-letter romanisation, keeping the marks for aspirated and ejective letters."""
    return " ".join(_keep_case(word, anyascii(word)) for word in text.split())


def armenian_simple(text: str) -> str:
    return ascii_form(text.replace("ու", "u").replace("ՈՒ", "U").replace("Ու", "U"))


def cyrillic_german_style(text: str) -> str:
    """Cyrillic as a German-speaking clerk might have written it: Schewtschenko, Wolkow."""
    return _apply(text, _CYR_GERMAN)


def azerbaijani_register_style(text: str) -> str:
    """Azerbaijani Latin as written in registers without its letters: ə→a, x→kh, c→j."""
    return _apply(text, _AZ_REGISTER)


def german_polish_style(text: str) -> str:
    """A German name as a Polish-speaking clerk wrote it: Schneider → Szneider."""
    return _apply(text, {"sch": "sz", "w": "w", "ei": "ej", "ß": "ss", "ü": "ü"})


def polish_german_style(text: str) -> str:
    """A Polish name as a German-speaking clerk wrote it: Szulc → Schulz."""
    table = {"sz": "sch", "cz": "tsch", "ł": "l", "ś": "s", "ż": "z", "ź": "z", "ć": "tz"}
    table |= {"ą": "on", "ę": "en", "ó": "u", "ń": "n", "cie": "tsche", "ci": "tschi"}
    return _apply(text, table)


def to_cyrillic(text: str, lang: str) -> str:
    """A Latin-script name as a clerk keeping a register in Cyrillic might have written it."""
    table = {**_BASE_CYR, **_LANG_CYR.get(lang, {})}
    return _apply(text, table)
