import hashlib

import pytest

from ..factories import ArchiveImageFactory

pytestmark = pytest.mark.django_db


def test_every_image_gets_a_sha256_of_its_original():
    image = ArchiveImageFactory()
    with image.file.open("rb") as handle:
        expected = hashlib.sha256(handle.read()).hexdigest()
    assert image.sha256 == expected
