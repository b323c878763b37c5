"""Blocks refuse combinations of fields that make no sense, with a message for the editor."""

import datetime
from unittest import mock

import pytest
from wagtail.blocks import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock

from memorial.core.blocks import AudioVideoBlock, DatedEventBlock, QuoteBlock


def errors_of(block, data):
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python(data))
    return {name: str(error) for name, error in raised.value.block_errors.items()}


def test_a_quote_with_a_source_needs_an_attribution():
    errors = errors_of(QuoteBlock(), {"quote": "We stayed.", "attribution": "", "source": "Letter"})
    assert "attribution" in errors


def test_a_quote_may_stand_alone():
    block = QuoteBlock()
    value = block.clean(block.to_python({"quote": "We stayed.", "attribution": "", "source": ""}))
    assert value["quote"] == "We stayed."


def test_a_recording_needs_a_file_or_a_link():
    assert "media" in errors_of(
        AudioVideoBlock(), {"media": None, "embed_url": "", "title": "Recording", "transcript": ""}
    )


@pytest.mark.django_db
def test_a_recording_cannot_have_both_a_file_and_a_link():
    from django.core.files.base import ContentFile

    from memorial.core.models import ArchiveMedia

    media = ArchiveMedia(title="Tone", type="audio")
    media.file.save("tone.wav", ContentFile(b"RIFF fictional"), save=False)
    media.save()
    assert len(media.sha256) == 64
    block = AudioVideoBlock()
    value = block.to_python(
        {
            "media": media.pk,
            "embed_url": "https://example.org/recording",
            "title": "Recording",
            "transcript": "",
        }
    )
    # The embed's own check would ask the provider over the network; only ours is tested here.
    with (
        mock.patch.object(EmbedBlock, "clean", lambda self, value: value),
        pytest.raises(StructBlockValidationError) as raised,
    ):
        block.clean(value)
    assert "not both" in str(raised.value.block_errors["media"])


def test_a_dated_event_needs_a_date_unless_unknown():
    block = DatedEventBlock()
    data = {"date": None, "precision": "year", "title": "Moved", "description": "", "place": None}
    assert "date" in errors_of(block, data)
    data["precision"] = "unknown"
    assert block.clean(block.to_python(data))["title"] == "Moved"


def test_a_dated_event_with_a_date_needs_a_precision_that_shows_it():
    block = DatedEventBlock()
    data = {"date": "1937-09-01", "precision": "unknown", "title": "School", "place": None}
    assert "date" in errors_of(block, data)


def test_a_dated_event_displays_its_date_honestly():
    block = DatedEventBlock()
    value = block.to_python(
        {"date": "1937-09-01", "precision": "approximate", "title": "School", "place": None}
    )
    assert value.display_date() == "c. 1937"
    assert value.iso_date() == "1937"
    assert value["date"] == datetime.date(1937, 9, 1)
