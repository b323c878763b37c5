"""Words for fictional entries: occupations, biographies, sources. Quiet and never graphic."""

from django.utils.html import escape

from .common import FICTIONAL_PERSON, block_id
from .names import latin

TRADES = [
    "baker", "tailor", "teacher", "carpenter", "seamstress", "bookkeeper", "midwife",
    "shoemaker", "farmer", "beekeeper", "weaver", "watchmaker", "pharmacist", "postal clerk",
    "miller", "potter", "blacksmith", "librarian", "nurse", "music teacher", "bookbinder",
    "cooper", "photographer", "shopkeeper", "railway clerk", "gardener", "hat maker",
    "doctor", "printer", "dressmaker", "stonemason",
]  # fmt: skip
LOCAL_TRADES = {"river": ["ferryman", "fisher", "boat builder"], "mountain": ["shepherd",
                "orchard keeper", "cheesemaker"]}  # fmt: skip
GENDERED = {"midwife": "female", "seamstress": "female", "ferryman": "male"}
YOUNG = ["apprentice tailor", "apprentice carpenter", "student at the teachers' college",
         "shop assistant", "apprentice printer"]  # fmt: skip
CHILD_TRAITS = ["curious", "quiet", "cheerful", "stubborn", "gentle", "watchful", "lively"]
CHILD_DOINGS = [
    "collected smooth stones from the riverbank and kept them in a tin",
    "could recite long poems after hearing them once",
    "drew horses on every scrap of paper in the house",
    "followed an older cousin everywhere",
    "was learning to read from the labels in the family shop",
    "sang while fetching water",
    "kept a small garden of beans behind the house",
]
ADULT_MEMORIES = [
    "a patient way of listening",
    "the songs {they} hummed while working",
    "lending money without ever asking for it back",
    "a door that was never locked",
    "careful handwriting, which others on the street borrowed when they had letters to send",
    "bread shared with whoever came by on a Friday",
    "a dry sense of humour",
]
ELDER_DOINGS = [
    "sat on the bench outside the house every evening and greeted everyone by name",
    "looked after the grandchildren while their parents worked",
    "kept the family's accounts in a small green notebook",
    "taught the neighbours' children their letters",
]
KEEPSAKES = ["a thimble", "a pocket watch", "a recipe book", "a woollen shawl",
             "a photograph with a torn corner", "a wooden spoon", "a letter in pencil"]  # fmt: skip
CIRCUMSTANCES = [
    "The fictional register records that {name} was killed together with other members of "
    "the family. Nothing more is known.",
    "{name} did not return home. A neighbour later wrote that {they} had been taken away "
    "with others from the street; the place and the day are not recorded.",
    "Listed in the fictional register among those killed{where}. The sources give no details.",
    "The family learned of {their} death only years later, from a short letter. The letter "
    "does not say how {they} died.",
]


def occupation(member, rng) -> str:
    age = member.age
    if age < 7:
        return ""
    if age < 16:
        return "school pupil"
    if rng.random() < 0.12:
        return ""
    if age < 20:
        return rng.choice(YOUNG)
    trades = TRADES + LOCAL_TRADES[member.collection]
    trade = rng.choice(trades)
    while GENDERED.get(trade, member.sex) != member.sex:
        trade = rng.choice(trades)
    return f"retired {trade}" if age >= 70 and rng.random() < 0.5 else trade


def pronouns(sex: str) -> dict:
    return {
        "female": {"they": "she", "them": "her", "their": "her", "They": "She"},
        "male": {"they": "he", "them": "him", "their": "his", "They": "He"},
    }.get(sex, {"they": "they", "them": "them", "their": "their", "They": "They"})


def _when_where(member, place_name) -> str:
    year = member.birth_date.year if member.birth_date else None
    if member.birth_precision == "approximate":
        year = f"about {year}"
    if year and place_name:
        return f"in {place_name} in {year}"
    if year:
        return f"in {year}; the place is not recorded"
    if place_name:
        return f"in {place_name}; the year is not recorded"
    return "at a place and time the sources do not record"


def _p(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{escape(text)}</p>"}


def biography(member, relatives, places, occupation_text, rng) -> list[dict]:
    """Raw StreamField data: paragraphs, sometimes a quote and dated events."""
    pr = pronouns(member.sex)
    name = member.name.latin_given or "The child"
    birth_place = places[member.birth_place].name if member.birth_place is not None else ""
    home = places[member.home].name
    blocks = [_p(f"{name} was born {_when_where(member, birth_place)}.")]
    age = member.age
    if age < 16:
        life = (
            f"{pr['They']} grew up in {home}. The family remembers {pr['them']} as a "
            f"{rng.choice(CHILD_TRAITS)} child who {rng.choice(CHILD_DOINGS)}."
        )
    elif occupation_text:
        life = (
            f"{pr['They']} lived in {home} and worked as a {occupation_text}. Neighbours "
            f"remembered {pr['them']} for {rng.choice(ADULT_MEMORIES).format(**pr)}."
        )
    else:
        life = f"{pr['They']} lived in {home}. What {pr['they']} did for a living is not known."
    if age >= 65:
        life += f" In old age {pr['they']} {rng.choice(ELDER_DOINGS)}."
    blocks.append(_p(life))
    spouse = next((rel for rel in relatives if rel[0] == "spouse"), None)
    kin = [
        f"{pr['their']} {note} {other.name.latin_given}"
        for _, other, note in relatives
        if other.name.given
    ]
    if kin:
        blocks.append(_p(f"This archive also keeps the names of {_join(kin)}."))
    if rng.random() < 0.3:
        blocks.append(
            {
                "type": "quote",
                "value": {
                    "quote": f"Whenever I hold {rng.choice(KEEPSAKES)} I think of {name}.",
                    "attribution": "A fictional relative",
                    "source": "Fictional family letter, undated",
                },
            }
        )
    if member.birth_date and rng.random() < 0.45:
        blocks.append({"type": "heading", "value": {"text": "A life in dates", "level": "h2"}})
        blocks.extend(_events(member, spouse, places, rng))
    blocks.append(_p(FICTIONAL_PERSON))
    for block in blocks:
        block["id"] = block_id(rng)
    return blocks


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _event(date, precision, title, description="", place=None) -> dict:
    return {
        "type": "event",
        "value": {
            "date": date.isoformat() if date else None,
            "precision": precision,
            "title": title,
            "description": description,
            "place": place,
        },
    }


def _events(member, spouse, places, rng) -> list[dict]:
    born = member.birth_date
    place_pk = places[member.birth_place].pk if member.birth_place is not None else None
    events = [_event(born, member.birth_precision, "Born", place=place_pk)]
    if member.age >= 8:
        events.append(
            _event(born.replace(year=born.year + 7, day=1, month=9), "month", "Starts school")
        )
    if spouse and member.age >= 25:
        year = born.year + rng.randint(19, 24)
        events.append(
            _event(
                born.replace(year=year, month=1, day=1),
                "year",
                "Marries",
                f"Marries {spouse[1].name.latin_given}.",
            )
        )
    if member.age >= 30 and rng.random() < 0.5:
        year = born.year + rng.randint(26, min(member.age - 2, 40))
        moved = places[rng.randrange(len(places))]
        events.append(
            _event(
                born.replace(year=year, month=1, day=1),
                "approximate",
                f"Moves to {moved.name}",
                place=moved.pk,
            )
        )
    if member.death_date and member.death_precision != "unknown":
        precision = "month" if member.death_precision == "day" else member.death_precision
        events.append(
            _event(
                member.death_date.replace(day=1),
                precision,
                "Last letter to the family",
                "A short letter, kept by a fictional relative.",
            )
        )
    return events


def circumstances(member, places, rng) -> str:
    if rng.random() < 0.15:
        return ""
    pr = pronouns(member.sex)
    where = ""
    if member.death_place is not None:
        where = f" in {places[member.death_place].name}"
    return rng.choice(CIRCUMSTANCES).format(
        name=member.name.latin_given or "The child", where=where, **pr
    )


def sources(member, places, rng) -> list[dict]:
    """1–3 fictional citations, each saying it is fictional."""
    volume, page = rng.randint(1, 9), rng.randint(2, 380)
    family = latin(member.name.family, member.name.locale) if member.name.family else ""
    options = [
        {
            "citation": f"Fictional register of the demo archive, vol. {volume}, p. {page}.",
            "url": f"https://example.org/demo-archive/register/{volume}/{page}",
        },
        {
            "citation": f"Generated index card no. {rng.randint(100, 9999)}, fictional card "
            "index of the demo archive."
        },
        {
            "citation": f"Invented family papers{' of the ' + family + ' family' if family else ''}"
            f", folder {rng.randint(1, 40)} (fictional, demo archive)."
        },
        {
            "citation": f"Fictional list of residents of {places[member.home].name}, "
            f"{rng.randint(1930, 1939)}, line {rng.randint(1, 60)}."
        },
    ]
    chosen = rng.sample(options, rng.randint(1, 3))
    return [{"citation": row["citation"], "url": row.get("url", "")} for row in chosen]
