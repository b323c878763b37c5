import pytest

from memorial.entries.models import EntryNameVariant

from ..factories import MemorialEntryPageFactory


@pytest.fixture
def person(memorial_index):
    """make a published entry: person("Məmmədov", given="Əli", variants=[("Мамедов", "ru")])."""

    def make(family_name, given="Tamar", variants=(), parent=None, **fields):
        entry = MemorialEntryPageFactory(
            parent=parent or memorial_index, given_name=given, family_name=family_name, **fields
        )
        if variants:
            entry.name_variants = [
                EntryNameVariant(name=name, language=language) for name, language in variants
            ]
            entry.save()
        return entry

    return make
