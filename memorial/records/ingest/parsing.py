"""Turn one source row into clean entry data, or say exactly what is wrong with it."""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from memorial.core.dates import (
    MAX_AGE,
    DatePrecision,
    after_today,
    certainly_before,
    longer_than_a_life,
)
from memorial.core.names import has_a_letter
from memorial.entries.identifiers import identifier_validator
from memorial.entries.models import Script, Sex

from ..entry_records import LIST_FIELDS, MAX_CELL_CHARACTERS, split_list

TEXT_LIMITS = {
    "given_name": 255,
    "family_name": 255,
    "patronymic": 255,
    "birth_name": 255,
    "occupation": 255,
    "birth_place": 255,
    "death_place": 255,
}
NAME_FIELDS = ("given_name", "family_name", "patronymic", "birth_name")
MAX_LIST_ITEMS = 200
APPROXIMATE = re.compile(r"^(?:c\.|ca\.?|circa|about|~)\s*(\d{4})$", re.IGNORECASE)
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
SEX_WORDS = {
    "": Sex.UNKNOWN,
    "unknown": Sex.UNKNOWN,
    "u": Sex.UNKNOWN,
    "female": Sex.FEMALE,
    "f": Sex.FEMALE,
    "male": Sex.MALE,
    "m": Sex.MALE,
}


@dataclass
class EntryData:
    identifier: str
    collection: str
    given_name: str = ""
    family_name: str = ""
    patronymic: str = ""
    birth_name: str = ""
    name_variants: list[str] = field(default_factory=list)
    sex: str = Sex.UNKNOWN
    birth_date: datetime.date | None = None
    birth_date_precision: str = DatePrecision.UNKNOWN
    birth_place: str = ""
    death_date: datetime.date | None = None
    death_date_precision: str = DatePrecision.UNKNOWN
    death_place: str = ""
    occupation: str = ""
    biography_text: str = ""
    sources: list[str] = field(default_factory=list)
    # Filled in when the row is written: database values, biography JSON, place ids.
    values: dict = field(default_factory=dict)
    biography: str = ""
    place_ids: tuple = (None, None)


class RowInvalid(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_date(text: str, precision_text: str, label: str) -> tuple[datetime.date | None, str]:
    """'1931', '1931-05', '1931-05-14' or 'c. 1931', with an optional explicit precision."""
    text = (text or "").strip()
    precision_text = (precision_text or "").strip().lower()
    if precision_text and precision_text not in DatePrecision.values:
        raise ValueError(
            f"{label}_precision {precision_text!r} is not one of {', '.join(DatePrecision.values)}."
        )
    if not text:
        if precision_text not in ("", DatePrecision.UNKNOWN):
            raise ValueError(f"{label}_precision is {precision_text!r} but no {label} is given.")
        return None, DatePrecision.UNKNOWN
    if precision_text == DatePrecision.UNKNOWN:
        raise ValueError(f"{label} is given but {label}_precision says unknown.")
    approximate = APPROXIMATE.match(text)
    if approximate:
        if precision_text not in ("", DatePrecision.APPROXIMATE):
            raise ValueError(f"{label} {text!r} is approximate but the precision says otherwise.")
        return datetime.date(int(approximate.group(1)), 1, 1), DatePrecision.APPROXIMATE
    match = PARTIAL_DATE.match(text)
    if not match:
        raise ValueError(
            f"{label} {text!r} is not a date: use 1931, 1931-05, 1931-05-14 or c. 1931."
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    implied = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    try:
        value = datetime.date(year, month or 1, day or 1)
    except ValueError as error:
        raise ValueError(f"{label} {text!r} is not a real date ({error}).") from None
    if precision_text in ("", implied):
        return value, implied
    if implied == DatePrecision.YEAR and precision_text == DatePrecision.APPROXIMATE:
        return value, DatePrecision.APPROXIMATE
    raise ValueError(f"{label} {text!r} does not match {label}_precision {precision_text!r}.")


def _storable(name: str, text: str) -> str:
    """`text`, if a database can store it: no NUL character, no unpaired surrogate (what a
    JSON "\\udc80" decodes to)."""
    if "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text):
        raise ValueError(
            f"{name} holds a character that cannot be stored (a NUL or a lone half "
            "of a UTF-16 pair)."
        )
    return text


def _json_kind(value) -> str:
    """What a JSON value is, in the words of JSON: how a row error names it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return {dict: "an object", list: "a list"}.get(type(value), type(value).__name__)


def _clean_text(label: str, value) -> str:
    # A number is written as text (an id 1042, a register number); true or false is no
    # name, and str(True) would make one.
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{label} must be text, not {_json_kind(value)}.")
    return _storable(label, unicodedata.normalize("NFC", str(value)).strip())


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    return _clean_text(name, value)


def _list(data: dict, name: str) -> list[str]:
    value = data.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        # A null item is an empty one, as a null field is an empty field: left out.
        items = [
            _clean_text(f"{name} item {number}", item)
            for number, item in enumerate(value, start=1)
            if item is not None
        ]
        return [item for item in items if item]
    if isinstance(value, str):
        return split_list(_storable(name, unicodedata.normalize("NFC", value)))
    raise ValueError(f"{name} must be a list or ';'-separated text.")


def parse_row(data: dict, default_collection: str, collections: set[str]) -> EntryData:
    problems = []

    def attempt(function, *args):
        try:
            return function(*args)
        except ValueError as error:
            problems.append(str(error))
            return None

    identifier = attempt(_text, data, "id") or ""
    if not identifier:
        problems.append("id is missing: every row needs the archive's identifier for the person.")
    else:
        try:
            identifier_validator(identifier)
        except ValidationError as error:
            problems.append(f"id {identifier!r}: {error.messages[0]}")
    values = {name: attempt(_text, data, name) or "" for name in TEXT_LIMITS}
    for name, limit in TEXT_LIMITS.items():
        if len(values[name]) > limit:
            problems.append(f"{name} is longer than {limit} characters.")
    for name in (*NAME_FIELDS, "birth_place", "death_place"):
        if values[name] and not has_a_letter(values[name]):
            problems.append(f"{name} {values[name]!r} has no letter in it.")
    if not values["given_name"] and not values["family_name"]:
        problems.append("give at least a given_name or a family_name.")
    lists = {name: attempt(_list, data, name) or [] for name in LIST_FIELDS}
    for name, items in lists.items():
        if len(items) > MAX_LIST_ITEMS:
            problems.append(f"{name} has more than {MAX_LIST_ITEMS} items.")
        if name == "name_variants" and any(len(item) > 255 for item in items):
            problems.append("a name variant is longer than 255 characters.")
    sex_text = (attempt(_text, data, "sex") or "").lower()
    if sex_text not in SEX_WORDS:
        problems.append(f"sex {sex_text!r} is not one of female, male, unknown.")

    def date(label):
        return parse_date(_text(data, label), _text(data, f"{label}_precision"), label)

    birth, death = attempt(date, "birth_date"), attempt(date, "death_date")
    biography_text = attempt(_text, data, "biography") or ""
    if len(biography_text) > MAX_CELL_CHARACTERS:
        # The bound a CSV cell has, so that both formats take the same records.
        problems.append(f"biography is longer than {MAX_CELL_CHARACTERS:,} characters.")
    for label, value in (("birth_date", birth), ("death_date", death)):
        if value and after_today(value[0]):
            problems.append(f"{label} is after today.")
    if birth and death and birth[0] and death[0] and certainly_before(*death, *birth):
        problems.append("death_date is before birth_date.")
    elif birth and death and longer_than_a_life(*birth, *death):
        problems.append(f"the dates give an age at death of more than {MAX_AGE} years.")
    collection = attempt(_text, data, "collection") or default_collection
    if not collection:
        problems.append("collection is missing: name one in the row or pass --collection.")
    elif collection not in collections:
        problems.append(f"collection {collection!r} does not exist (no memorial collection page).")
    if problems:
        raise RowInvalid(problems)
    return EntryData(
        identifier=identifier,
        collection=collection,
        **values,
        name_variants=lists["name_variants"],
        sex=SEX_WORDS[sex_text],
        birth_date=birth[0],
        birth_date_precision=birth[1],
        death_date=death[0],
        death_date_precision=death[1],
        biography_text=biography_text,
        sources=lists["sources"],
    )


def guess_script(name: str) -> str:
    """The writing system of a name, from its first letter."""
    for char in name:
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ")[0]
            return {
                "LATIN": Script.LATIN,
                "CYRILLIC": Script.CYRILLIC,
                "ARMENIAN": Script.ARMENIAN,
                "GEORGIAN": Script.GEORGIAN,
                "HEBREW": Script.HEBREW,
                "ARABIC": Script.ARABIC,
                "GREEK": Script.GREEK,
            }.get(script, Script.OTHER)
    return Script.OTHER
