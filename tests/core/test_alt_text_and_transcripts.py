"""Every image an editor adds has alt text, and every recording a text version.

Editors are refused an image without a description and a recording without a transcript,
with a message that says why; templates put the editor's words into the page.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlockValidationError

from memorial.core.blocks import AudioVideoBlock, ImageGalleryBlock, ImageWithCaptionBlock
from memorial.core.blocks.media import ALT_TEXT_REQUIRED, TRANSCRIPT_REQUIRED
from memorial.galleries.blocks import GalleryItemBlock
from memorial.remembrances.models import RemembrancePhoto

from ..factories import ArchiveImageFactory, recording

TEMPLATES = Path(settings.BASE_DIR) / "templates"
IMG_TAG = re.compile(r"<img\b[^>]*>", re.S)
IMAGE_TEMPLATE_TAG = re.compile(r"{%\s*image\s[^%]*%}")


def errors_of(block, data):
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python(data))
    return {name: " ".join(error.messages) for name, error in raised.value.block_errors.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("block_class", [ImageWithCaptionBlock, GalleryItemBlock])
def test_an_image_without_alt_text_is_refused_with_a_reason(block_class):
    image = ArchiveImageFactory()
    errors = errors_of(block_class(), {"image": image.pk, "alt_text": "", "caption": "A street"})
    assert errors["alt_text"] == ALT_TEXT_REQUIRED
    assert "people who cannot see it" in errors["alt_text"]


@pytest.mark.django_db
def test_an_image_with_alt_text_is_accepted_and_shown_as_its_alt():
    image = ArchiveImageFactory()
    block = ImageWithCaptionBlock()
    value = block.clean(
        block.to_python({"image": image.pk, "alt_text": "Two girls on a bench", "caption": ""})
    )
    assert 'alt="Two girls on a bench"' in block.render(value)


@pytest.mark.django_db
def test_every_image_in_an_image_gallery_needs_alt_text():
    images = [ArchiveImageFactory(), ArchiveImageFactory()]
    block = ImageGalleryBlock()
    data = {
        "title": "",
        "images": [
            {"image": images[0].pk, "alt_text": "A bridge", "caption": ""},
            {"image": images[1].pk, "alt_text": "", "caption": ""},
        ],
    }
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python(data))
    assert ALT_TEXT_REQUIRED in str(raised.value.block_errors["images"].as_json_data())


def test_a_photograph_shared_with_a_remembrance_needs_a_description():
    assert not RemembrancePhoto._meta.get_field("alt_text").blank
    with pytest.raises(ValidationError) as raised:
        RemembrancePhoto._meta.get_field("alt_text").clean("", None)
    assert raised.value.code == "blank"


@pytest.mark.django_db
def test_a_recording_without_a_transcript_is_refused_with_a_reason():
    media = recording()
    errors = errors_of(
        AudioVideoBlock(),
        {"media": media.pk, "embed_url": "", "title": "Interview", "transcript": ""},
    )
    assert errors["transcript"] == TRANSCRIPT_REQUIRED


@pytest.mark.django_db
def test_a_recording_with_a_transcript_shows_it_under_the_player():
    media = recording()
    block = AudioVideoBlock()
    value = block.clean(
        block.to_python(
            {
                "media": media.pk,
                "embed_url": "",
                "title": "Interview",
                "transcript": "Fictional words, spoken slowly.",
            }
        )
    )
    html = block.render(value)
    assert "<audio" in html and "Fictional words, spoken slowly." in html


def test_every_img_in_the_templates_has_an_alt_attribute():
    missing = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        tags = IMG_TAG.findall(text)
        missing += [f"{template.name}: {tag}" for tag in tags if " alt=" not in tag]
        # {% image %} writes an <img> itself: it must get an alt= (or only give a rendition).
        missing += [
            f"{template.name}: {tag}"
            for tag in IMAGE_TEMPLATE_TAG.findall(text)
            if " alt=" not in tag and not re.search(r"\sas\s+\w+\s*%}$", tag)
        ]
    assert not missing, "images without alt text:\n" + "\n".join(missing)


def test_an_empty_recording_block_names_every_missing_part_at_once():
    errors = errors_of(
        AudioVideoBlock(), {"media": None, "embed_url": "", "title": "Interview", "transcript": ""}
    )
    assert set(errors) == {"media", "transcript"}


def test_a_recording_block_keeps_the_errors_that_belong_to_no_single_field(monkeypatch):
    from wagtail.blocks import StructBlock

    def refuse_as_a_whole(self, value):
        raise StructBlockValidationError(non_block_errors=["The recording as a whole is wrong."])

    monkeypatch.setattr(StructBlock, "clean", refuse_as_a_whole)
    block = AudioVideoBlock()
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python({"embed_url": "", "title": "Interview", "transcript": "x"}))
    assert raised.value.non_block_errors.as_data()[0].messages == [
        "The recording as a whole is wrong."
    ]
    assert "media" in raised.value.block_errors  # and its own check still runs
