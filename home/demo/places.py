"""Invented place names, built from syllables, with fictional coordinates.

The coordinates lie in an empty stretch of the South Atlantic Ocean so that no marker on
a map can be mistaken for a real town.
"""

from decimal import Decimal

from . import translit
from .common import rng_for

ONSETS = ["v", "t", "l", "m", "r", "s", "k", "d", "n", "b", "z", "br", "tr", "sk", "h", "f"]
VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o"]
ENDINGS = [
    "ven", "dor", "mira", "lesk", "tava", "nor", "sel", "vina", "rak", "nunda", "mel",
    "rin", "nsk", "teth", "vo", "riel", "dost", "dera", "lun", "vell",
]  # fmt: skip

# (group, region, number of places, latitude box, longitude box)
GROUPS = [
    ("river", "Vessan valley (fictional)", 9, (-30.6, -30.0), (-19.8, -18.9)),
    ("mountain", "Kaldor uplands (fictional)", 9, (-31.4, -30.8), (-20.6, -19.7)),
    ("coast", "Merin coast (fictional)", 4, (-29.9, -29.5), (-18.8, -18.2)),
]

# The words a clerk would put before or after a place name: only in other_names.
QUALIFIERS = {"river": "on the Vessa", "mountain": "in the hills", "coast": "by the sea"}


def invent_name(rng) -> str:
    syllables = rng.choice([2, 2, 2, 3])
    stem = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))
    return (stem + rng.choice(ENDINGS)).capitalize()


def place_specs(seed: int) -> list[dict]:
    """The same list of fictional places for the same seed."""
    rng = rng_for(seed, "places")
    taken, specs = set(), []
    for group, region, count, (lat_lo, lat_hi), (lon_lo, lon_hi) in GROUPS:
        for _ in range(count):
            name = invent_name(rng)
            while name in taken or len(name) < 7:
                name = invent_name(rng)
            taken.add(name)
            other = [translit.to_cyrillic(name, ""), f"{name} {QUALIFIERS[group]}"]
            if rng.random() < 0.4:
                other.append(name.replace("v", "w").replace("k", "c"))
            specs.append(
                {
                    "name": name,
                    "region": region,
                    "group": group,
                    "other_names": "; ".join(dict.fromkeys(o for o in other if o != name)),
                    "latitude": Decimal(f"{rng.uniform(lat_lo, lat_hi):.6f}"),
                    "longitude": Decimal(f"{rng.uniform(lon_lo, lon_hi):.6f}"),
                }
            )
    return specs
