"""Fictional families and the people in them, as plain data (no database).

Entry number i always describes the same person for a given seed, whatever --entries
says, so a later run with a larger number only adds people: families are laid out from
one seeded stream, and each family and each person has a generator of their own.
"""

import datetime
from dataclasses import dataclass, field
from functools import cache

from . import names
from .common import BIRTH_YEARS, DEATH_YEARS, rng_for, weighted

FAMILY_SIZES = [(1, 30), (2, 18), (3, 18), (4, 16), (5, 11), (6, 7)]
BIRTH_PRECISION = [("day", 35), ("month", 12), ("year", 25), ("approximate", 16), ("unknown", 12)]
DEATH_PRECISION = [("day", 40), ("month", 20), ("year", 22), ("approximate", 6), ("unknown", 12)]
COLLECTIONS = ("river", "mountain")


@dataclass
class Member:
    number: int
    family_no: int
    position: int
    role: str
    sex: str
    name: names.PersonName
    birth_year: int
    collection: str
    home: int  # index into the collection's places
    birth_date: datetime.date | None = None
    birth_precision: str = "unknown"
    birth_place: int | None = None
    death_date: datetime.date | None = None
    death_precision: str = "unknown"
    death_place: int | None = None
    relations: list = field(default_factory=list)  # (relation, position, note)
    kin: tuple = field(default=(), repr=False, compare=False)  # the whole family

    def relatives(self) -> list[tuple]:
        """(relation, Member, note) for the earlier members of the family."""
        return [(relation, self.kin[pos], note) for relation, pos, note in self.relations]

    @property
    def identifier(self) -> str:
        return identifier(self.number)

    @property
    def age(self) -> int:
        return (self.death_date.year if self.death_date else 1942) - self.birth_year


def identifier(number: int) -> str:
    return f"demo-{number:05d}"


def family_plan(seed: int, count: int) -> list[tuple[int, int, int]]:
    """(family_no, first entry number, size) for families covering entries 1..count."""
    rng = rng_for(seed, "family-sizes")
    plan, start, family_no = [], 1, 0
    while start <= count:
        size = weighted(rng, FAMILY_SIZES)
        plan.append((family_no, start, size))
        start += size
        family_no += 1
    return plan


def _date(rng, year: int, precision: str) -> datetime.date | None:
    if precision == "unknown":
        return None
    if precision in ("year", "approximate"):
        return datetime.date(year, 1, 1)
    month = rng.randint(1, 12)
    return datetime.date(year, month, rng.randint(1, 28) if precision == "day" else 1)


def _roles(rng, size: int) -> list[str]:
    if size == 1:
        return ["single"]
    kinds = [("couple", 55), ("parent", 25), ("siblings", 20)]
    if size >= 4:
        kinds.append(("generations", 20))
    kind = weighted(rng, kinds)
    if kind == "couple":
        return ["father", "mother"] + ["child"] * (size - 2)
    if kind == "parent":
        return ["parent"] + ["child"] * (size - 1)
    if kind == "generations":
        return ["grandmother", "father", "mother"] + ["child"] * (size - 3)
    return ["sibling"] * size


def _birth_years(rng, roles: list[str]) -> list[int]:
    low, high = BIRTH_YEARS
    if roles == ["single"]:
        return [rng.randint(low, high)]
    children = roles.count("child") + roles.count("sibling")
    if roles[0] == "sibling":
        first = rng.randint(1880, high - 3 * children)
    elif roles[0] == "grandmother":
        first = rng.randint(low, 1878)
    else:
        first = rng.randint(1870, min(1912, high - 20 - 4 * children))
    years, child_year = [], None
    for role in roles:
        if role in ("father", "parent", "grandmother", "sibling") and not years:
            years.append(first)
        elif role == "father":  # the grandmother's son
            years.append(first + rng.randint(20, 30))
        elif role == "mother":
            years.append(years[-1] + rng.randint(-5, 3))
        elif role == "sibling":
            years.append(years[-1] + rng.randint(1, 5))
        else:  # child
            parent = years[1] if roles[0] == "grandmother" else years[0]
            child_year = (child_year or parent + rng.randint(19, 27)) + rng.randint(1, 4)
            years.append(child_year)
    return [min(year, high) for year in years]


def _names(rng, locale: str, roles: list[str], sexes: list[str], years: list[int]):
    family = names.surname(rng, locale)
    father_of_children = names.given_name(rng, locale, "male")
    people = []
    for role, sex, year in zip(roles, sexes, years, strict=True):
        given = names.given_name(rng, locale, "female" if sex == "female" else "male")
        if role == "child" and year >= BIRTH_YEARS[1] - 3 and rng.random() < 0.3:
            given = ""  # a small child whose name the sources do not give
        if role == "father" or (role == "parent" and sex == "male"):
            father_of_children = given
        if role in ("child", "sibling"):
            father = father_of_children
        else:
            father = names.given_name(rng, locale, "male")
        birth_name = ""
        if role in ("mother", "grandmother") and rng.random() < 0.7:
            birth_name = names.family_form(names.surname(rng, locale), locale, "female")
            if birth_name == names.family_form(family, locale, "female"):
                birth_name = ""
        people.append(
            names.PersonName(
                locale=locale,
                sex=sex,
                given=given,
                family=names.family_form(family, locale, sex),
                patronymic=names.patronymic(rng, locale, sex, father) if given else "",
                birth_name=birth_name,
            )
        )
    return people


def _relations(roles: list[str], sexes: list[str], position: int) -> list[tuple]:
    """What the earlier members of the family were to the member at `position`."""
    role, rows = roles[position], []

    def kin(pos, male, female, other):
        return {"male": male, "female": female}.get(sexes[pos], other)

    for pos in range(position):
        other = roles[pos]
        if role == "mother" and other == "father":
            rows.append(("spouse", pos, "husband"))
        elif role == "father" and other == "grandmother":
            rows.append(("parent", pos, "mother"))
        elif role == "child" and other in ("father", "mother", "parent"):
            rows.append(("parent", pos, kin(pos, "father", "mother", "parent")))
        elif role == "child" and other == "grandmother":
            rows.append(("grandparent", pos, "grandmother"))
        elif role in ("child", "sibling") and other == role:
            rows.append(("sibling", pos, kin(pos, "brother", "sister", "sibling")))
    return rows


@cache
def family(seed: int, family_no: int, start: int, size: int) -> tuple[Member, ...]:
    rng = rng_for(seed, "family", family_no)
    locale = weighted(rng, [(loc, weight) for loc, _, _, weight in names.LOCALES])
    collection = rng.choice(COLLECTIONS)
    home = rng.randrange(9)
    roles = _roles(rng, size)
    fixed = {"father": "male", "mother": "female", "grandmother": "female"}
    sexes = [fixed.get(role) or rng.choice(["male", "female"]) for role in roles]
    years = _birth_years(rng, roles)
    people = _names(rng, locale, roles, sexes, years)
    shared_death = rng.random() < 0.55
    death_year = rng.randint(*DEATH_YEARS)
    death_precision = weighted(rng, DEATH_PRECISION)
    death_date = _date(rng, death_year, death_precision)
    death_place = weighted(rng, [(home, 50), (rng.randrange(9), 30), (None, 20)])
    members = []
    for position, (role, sex, year, person) in enumerate(
        zip(roles, sexes, years, people, strict=True)
    ):
        number = start + position
        own = rng_for(seed, "person", number)
        member = Member(
            number=number,
            family_no=family_no,
            position=position,
            role=role,
            sex=sex if person.given else "unknown",
            name=person,
            birth_year=year,
            collection=collection,
            home=home,
            relations=_relations(roles, sexes, position),
        )
        member.birth_precision = weighted(own, BIRTH_PRECISION)
        member.birth_date = _date(own, year, member.birth_precision)
        member.birth_place = weighted(own, [(home, 70), (own.randrange(9), 20), (None, 10)])
        if shared_death:
            member.death_date, member.death_precision = death_date, death_precision
            member.death_place = death_place
        else:
            member.death_precision = weighted(own, DEATH_PRECISION)
            member.death_date = _date(own, own.randint(*DEATH_YEARS), member.death_precision)
            member.death_place = weighted(own, [(home, 50), (own.randrange(9), 30), (None, 20)])
        if member.birth_date and member.death_date and member.death_date < member.birth_date:
            member.death_date = member.birth_date.replace(year=member.birth_date.year + 1)
        members.append(member)
    for member in members:
        member.kin = tuple(members)
    return tuple(members)


def members(seed: int, count: int):
    """Entries 1..count, in order."""
    for family_no, start, size in family_plan(seed, count):
        for member in family(seed, family_no, start, size):
            if member.number <= count:
                yield member
