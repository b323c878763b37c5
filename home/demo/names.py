"""Fictional people's names in several languages and scripts, with their spelling variants."""

import random
from dataclasses import dataclass, field
from functools import cache

from anyascii import anyascii
from faker import Faker

from . import translit

# (Faker locale, language code, script of the original spelling, weight)
LOCALES = [
    ("az_AZ", "az", "Latn", 3),
    ("ru_RU", "ru", "Cyrl", 3),
    ("uk_UA", "uk", "Cyrl", 2),
    ("pl_PL", "pl", "Latn", 2),
    ("de_DE", "de", "Latn", 2),
    ("tr_TR", "tr", "Latn", 1),
    ("hy_AM", "hy", "Armn", 2),
    ("ka_GE", "ka", "Geor", 2),
    ("he_IL", "he", "Hebr", 2),
    ("en_GB", "en", "Latn", 1),
]
LANGUAGE_OF = {locale: lang for locale, lang, _, _ in LOCALES}
SCRIPT_OF = {locale: script for locale, _, script, _ in LOCALES}

# Faker's lists are drawn from real name lists, so they include the names of well-known
# public figures. A fictional memorial must not put those on a page of the dead.
BLOCKED = (
    "hitler", "himmler", "goring", "goering", "goebbels", "eichmann", "heydrich", "mengele",
    "adolf", "bandera", "shukhev", "stalin", "dzhugash", "jughash", "beria", "lenin",
    "ulyanov", "molotov", "ezhov", "kaganovich", "karabakh", "karabag", "qarabag",
    "gharabagh", "zangezur", "zengezur", "shusha", "xocal", "khojal", "sumgait", "sumqayit",
    "talaat", "pasa", "pasha", "ataturk", "erdogan", "aliyev", "ilham", "heydar",
    "pashinyan", "kocharyan", "sargsyan", "saakashvili", "putin", "zelensk", "gorbach",
    "chernenko", "brezhnev", "khrushch", "yeltsin", "netanyahu", "mussolini", "pilsudsk",
)  # fmt: skip

# Common names in Hebrew script with Latin spellings; Faker's Hebrew list has no
# transliterations. (Hebrew, Latin, another Latin spelling or "")
HEBREW_MALE = [
    ("דוד", "David", "Dovid"), ("משה", "Moshe", "Mosche"), ("יעקב", "Yaakov", "Jakob"),
    ("אברהם", "Avraham", "Abraham"), ("יוסף", "Yosef", "Josef"), ("שמואל", "Shmuel", "Samuel"),
    ("בנימין", "Binyamin", "Benjamin"), ("נחום", "Nachum", "Nahum"), ("יצחק", "Yitzhak", "Isaak"),
    ("אליהו", "Eliyahu", "Elijahu"), ("חיים", "Chaim", "Haim"), ("מנחם", "Menachem", "Menahem"),
]  # fmt: skip
HEBREW_FEMALE = [
    ("שרה", "Sara", "Sarah"), ("רבקה", "Rivka", "Rebekka"), ("לאה", "Lea", "Leah"),
    ("רחל", "Rachel", "Rahel"), ("חנה", "Hana", "Channa"), ("מרים", "Miriam", "Mirjam"),
    ("אסתר", "Ester", "Esther"), ("דבורה", "Dvora", "Debora"), ("יהודית", "Yehudit", "Judit"),
    ("צפורה", "Tsipora", "Zipora"), ("פנינה", "Pnina", "Penina"), ("שושנה", "Shoshana", "Szoszana"),
]  # fmt: skip
HEBREW_FAMILY = [
    ("כהן", "Cohen", "Kohn"), ("לוי", "Levi", "Lewi"), ("כץ", "Katz", "Kac"),
    ("שפירא", "Shapira", "Szapiro"), ("רוזן", "Rozen", "Rosen"),
    ("הורוביץ", "Horovitz", "Horowitz"), ("פרידמן", "Fridman", "Friedmann"),
    ("אדלר", "Adler", ""), ("ויס", "Vais", "Weiss"), ("ברקוביץ", "Berkovitz", "Berkowicz"),
    ("מלמד", "Melamed", ""), ("נחמיאס", "Nahmias", "Nachmias"),
]  # fmt: skip
HEBREW_LATIN = {he: (latin, alt) for he, latin, alt in HEBREW_MALE + HEBREW_FEMALE + HEBREW_FAMILY}


@dataclass
class PersonName:
    locale: str
    sex: str
    given: str
    family: str
    patronymic: str = ""
    birth_name: str = ""
    variants: list = field(default_factory=list)

    @property
    def lang(self) -> str:
        return LANGUAGE_OF[self.locale]

    @property
    def script(self) -> str:
        return SCRIPT_OF[self.locale]

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.given, self.patronymic, self.family) if p)

    @property
    def latin_given(self) -> str:
        return latin(self.given, self.locale)


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def is_blocked(name: str) -> bool:
    folded = anyascii(name).lower().replace("'", "")
    return any(word in folded for word in BLOCKED)


def _draw(rng: random.Random, locale: str, kind: str) -> str:
    """One Faker name of `kind` (first_name_male, last_name_male, …), never a blocked one."""
    fake = _faker(locale)
    fake.seed_instance(rng.getrandbits(48))
    for _ in range(50):
        name = getattr(fake, kind)()
        if " " not in name and not is_blocked(name):
            return name
    raise RuntimeError(f"No usable {kind} for {locale}")


def given_name(rng: random.Random, locale: str, sex: str) -> str:
    if locale == "he_IL":
        return rng.choice(HEBREW_FEMALE if sex == "female" else HEBREW_MALE)[0]
    return _draw(rng, locale, "first_name_female" if sex == "female" else "first_name_male")


@cache
def common_surnames(locale: str) -> tuple:
    """Three surnames that many fictional families share, as real registers have."""
    rng = random.Random(f"common:{locale}")
    if locale == "he_IL":
        return tuple(name for name, _, _ in HEBREW_FAMILY[:3])
    return tuple(_draw(rng, locale, "last_name_male") for _ in range(3))


def surname(rng: random.Random, locale: str) -> str:
    """The male (dictionary) form; use `family_form` for a woman's surname."""
    if rng.random() < 0.3:
        return rng.choice(common_surnames(locale))
    if locale == "he_IL":
        return rng.choice(HEBREW_FAMILY)[0]
    return _draw(rng, locale, "last_name_male")


def family_form(name: str, locale: str, sex: str) -> str:
    """A surname in the form used for a woman where the language has one."""
    if sex != "female":
        return name
    lang = LANGUAGE_OF[locale]
    rules = {
        "ru": [
            (("ский", "цкий", "ой", "ый", "ий"), 2, "ая"),
            (("ов", "ев", "ёв", "ин", "ын"), 0, "а"),
        ],
        "uk": [(("ський", "цький", "ий"), 2, "а"), (("ов", "ев", "єв", "ін", "ин", "їн"), 0, "а")],
        "az": [(("ov", "yev", "ev"), 0, "a")],
        "pl": [(("ski", "cki", "dzki"), 1, "a")],
    }  # fmt: skip
    for endings, cut, add in rules.get(lang, []):
        if name.endswith(endings):
            return (name[:-cut] if cut else name) + add
    return name


def patronymic(rng: random.Random, locale: str, sex: str, father: str) -> str:
    """Father's name as a middle name, for the languages whose records use one."""
    lang = LANGUAGE_OF[locale]
    female = sex == "female"
    if lang == "az":
        return f"{father} {'qızı' if female else 'oğlu'}"
    if lang not in ("ru", "uk"):
        return ""
    stem, last = father[:-1], father[-1]
    if lang == "ru" and last in "йь":
        return stem + ("евна" if female else "евич")
    if lang == "uk" and last == "й":
        return stem + ("ївна" if female else "йович")
    if lang == "uk" and last == "о":
        return stem + ("івна" if female else "ович")
    if last in "аяоеиюуыэ":
        return _draw(rng, locale, "middle_name_female" if female else "middle_name_male")
    return father + (("івна" if lang == "uk" else "овна") if female else "ович")


def latin(text: str, locale: str) -> str:
    """The usual Latin spelling of a name written in `locale`'s script."""
    lang = LANGUAGE_OF[locale]
    if lang == "he":
        return " ".join(
            HEBREW_LATIN.get(word, (translit.ascii_form(word), ""))[0] for word in text.split()
        )
    if lang == "hy":
        return translit.armenian_simple(text)
    return translit.ascii_form(text)


CENSUS = "Cyrillic form in a fictional census sheet"
UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def variants(person: PersonName, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(name, script, language, note) rows: the original spelling and others seen in sources."""
    full, lang = person.full, person.lang
    rows = []

    def add(name, script, language, note):
        if name and name not in (row[0] for row in rows):
            rows.append((name, script, language, note))

    add(full, person.script, lang, "Original spelling in the fictional family register")
    if person.script != "Latn":
        add(latin(full, person.locale), "Latn", "", "Latin transliteration")
    else:
        add(translit.ascii_form(full), "Latn", "", "Without diacritics")
    sometimes = rng.random() < 0.7
    if lang in ("ru", "uk") and sometimes:
        add(translit.cyrillic_german_style(full), "Latn", "de", "German-style spelling in a letter")
    elif lang == "az":
        if sometimes:
            add(
                translit.azerbaijani_register_style(full),
                "Latn",
                "",
                "Spelling in a school register",
            )
        add(translit.to_cyrillic(full, "az"), "Cyrl", "ru", CENSUS)
    elif lang == "de":
        add(full.translate(UMLAUTS), "Latn", "de", "Typewritten form")
        if sometimes:
            add(translit.german_polish_style(full), "Latn", "pl", "Polish-style spelling")
    elif lang == "pl" and sometimes:
        add(translit.polish_german_style(full), "Latn", "de", "German-style spelling")
    elif lang in ("hy", "ka"):
        add(translit.scholarly_form(full), "Latn", "", "Letter-by-letter romanisation")
    elif lang == "he" and sometimes:
        words = [HEBREW_LATIN.get(word, (word, "")) for word in full.split()]
        add(" ".join(alt or usual for usual, alt in words), "Latn", "", "Another Latin spelling")
    if len(rows) == 1 or (lang in ("pl", "tr", "en") and sometimes):
        add(translit.to_cyrillic(full, lang), "Cyrl", "ru", CENSUS)
    if person.birth_name:
        add(f"{person.given} {person.birth_name}".strip(), person.script, lang, "Name at birth")
    return rows
