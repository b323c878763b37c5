"""manage.py rebuild_name_keys: every entry's match keys, a batch at a time."""

import io

import pytest
from django.core.management import CommandError, call_command

from ..factories import MemorialEntryPageFactory

pytestmark = pytest.mark.django_db


def rebuild(*args) -> str:
    out = io.StringIO()
    call_command("rebuild_name_keys", *args, stdout=out)
    return out.getvalue()


def test_every_entry_is_keyed_whatever_the_batch_size(memorial_index):
    for _ in range(3):
        MemorialEntryPageFactory(parent=memorial_index)
    assert "for 3 entries" in rebuild("--batch-size", "2")
    assert "for 3 entries" in rebuild("--batch-size", "2")  # and again, as often as wanted


@pytest.mark.parametrize("size", ["0", "-1"])
def test_a_batch_size_below_one_is_refused_not_taken_for_no_entries(size, memorial_index):
    MemorialEntryPageFactory(parent=memorial_index)
    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        rebuild("--batch-size", size)
