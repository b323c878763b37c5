"""Fictional import rows with realistic name frequencies, for benchmarks and tests.

Surnames follow a Zipf-like distribution (a few very common, a long tail of rare
ones), names come from Faker in several locales and scripts. Nothing here is real.
"""

import csv
import json
import random
from pathlib import Path

from faker import Faker

from memorial.records.entry_records import FIELDS, record_to_csv_row

LOCALES = ["az_AZ", "ru_RU", "pl_PL", "de_DE", "tr_TR", "hy_AM", "ka_GE", "en_GB", "uk_UA"]
PLACES = [f"Fictional place {n}" for n in range(300)]


def _pools(seed: int, size: int = 400):
    fakers = [Faker(locale) for locale in LOCALES]
    for offset, faker in enumerate(fakers):
        faker.seed_instance(seed + offset)
    surnames = [fakers[i % len(fakers)].last_name() for i in range(size)]
    given = [fakers[i % len(fakers)].first_name() for i in range(size)]
    return surnames, given


def fictional_records(count: int, seed: int = 1, collection: str = "names", prefix: str = "b"):
    rng = random.Random(seed)
    surnames, given = _pools(seed)
    weights = [1 / (rank + 1) for rank in range(len(surnames))]
    for number in range(1, count + 1):
        family = rng.choices(surnames, weights)[0]
        first = rng.choice(given)
        born = rng.randint(1880, 1935)
        died = rng.randint(max(born, 1940), 1945)
        precision = rng.choice(["day", "month", "year", "approximate", "unknown"])
        birth_date = {
            "day": f"{born}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "month": f"{born}-{rng.randint(1, 12):02d}",
            "year": str(born),
            "approximate": str(born),
            "unknown": "",
        }[precision]
        yield {
            "id": f"{prefix}-{number:07d}",
            "given_name": first,
            "family_name": family,
            "patronymic": "",
            "birth_name": "",
            "name_variants": [f"{family.upper()} {first}"] if number % 3 == 0 else [],
            "sex": rng.choice(["female", "male", "unknown"]),
            "birth_date": birth_date,
            "birth_date_precision": precision,
            "birth_place": rng.choice(PLACES),
            "death_date": f"{died}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "death_date_precision": "day",
            "death_place": rng.choice(PLACES),
            "occupation": rng.choice(["", "teacher", "tailor", "farmer", "pupil", "baker"]),
            "biography": f"A fictional life, generated for testing (record {number}).",
            "sources": [f"Fictional benchmark register, card {number}"],
            "collection": collection,
        }


def write_csv(path: Path, records) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for record in records:
            writer.writerow(record_to_csv_row(record))
    return path


def write_jsonl(path: Path, records) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
