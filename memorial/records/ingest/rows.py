"""Database rows for new entries, built straight from parsed data.

Constructing a Wagtail page object costs more than writing its rows, so new entries
never become model instances here. Derived values (title, sort name, initial, age) come
from the model's own `derive_fields`, applied to a plain object, so the logic lives once.
"""

import json
import uuid
from types import SimpleNamespace

from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from memorial.core.names import full_name, slug_for
from memorial.entries.models import MemorialEntryPage

from ..biography_text import markdown_to_blocks
from .parsing import EntryData

ENTRY_FIELDS = MemorialEntryPage._meta.local_concrete_fields
PAGE_FIELDS = [field for field in Page._meta.concrete_fields if not field.primary_key]
DATA_FIELDS = (
    "identifier",
    "given_name",
    "family_name",
    "patronymic",
    "birth_name",
    "sex",
    "occupation",
    "birth_date",
    "birth_date_precision",
    "death_date",
    "death_date_precision",
)


def derived_values(data: EntryData) -> dict:
    """The entry's own field values, with everything MemorialEntryPage derives on save."""
    values = {name: getattr(data, name) for name in DATA_FIELDS}
    item = SimpleNamespace(
        **values,
        title="",
        display_name=full_name(data.given_name, data.patronymic, data.family_name),
        age_at_death=None,
        age_at_death_is_approximate=False,
        age_at_death_from_dates=False,
    )
    MemorialEntryPage.derive_fields(item)
    values.update(
        title=item.title,
        sort_name=item.sort_name,
        name_initial=item.name_initial,
        age_at_death=item.age_at_death,
        age_at_death_is_approximate=item.age_at_death_is_approximate,
        age_at_death_from_dates=item.age_at_death_from_dates,
    )
    return values


def biography_json(text: str) -> str:
    blocks = [{**block, "id": str(uuid.uuid4())} for block in markdown_to_blocks(text)]
    return json.dumps(blocks, ensure_ascii=False)


def entry_slug(title: str, identifier: str) -> str:
    base = slug_for(title)[:200] or "entry"
    return f"{base}-{slug_for(identifier)}"[:255]


class RowBuilder:
    """Prepares the columns that are the same for every new entry once, not per row."""

    def __init__(self, parent: Page):
        template = MemorialEntryPage(
            title="x", depth=parent.depth + 1, live=True, locale_id=parent.locale_id
        )
        now = timezone.now()
        template.first_published_at = template.last_published_at = now
        template.has_unpublished_changes = False
        self.page_constants = {
            field.attname: field.get_db_prep_save(field.pre_save(template, add=True), connection)
            for field in PAGE_FIELDS
        }
        self.entry_constants = {
            field.attname: field.get_db_prep_save(field.get_default(), connection)
            for field in ENTRY_FIELDS
        }
        self.parent = parent

    def page_row(self, values: dict, path: str, slug: str) -> list:
        varying = {
            "path": path,
            "title": values["title"],
            "draft_title": values["title"],
            "slug": slug,
            "url_path": f"{self.parent.url_path}{slug}/",
            "translation_key": uuid.uuid4(),
        }
        return [
            field.get_db_prep_save(varying[field.attname], connection)
            if field.attname in varying
            else self.page_constants[field.attname]
            for field in PAGE_FIELDS
        ]

    def entry_row(self, page_id: int, values: dict, biography: str, place_ids) -> list:
        varying = {
            **values,
            "page_ptr_id": page_id,
            "birth_place_id": place_ids[0],
            "death_place_id": place_ids[1],
        }
        row = []
        for field in ENTRY_FIELDS:
            if field.attname == "biography":
                row.append(biography)
            elif field.attname in varying:
                row.append(field.get_db_prep_save(varying[field.attname], connection))
            else:
                row.append(self.entry_constants[field.attname])
        return row
