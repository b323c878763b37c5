"""Where photographs sent by families are stored: one collection, generated names, a credit."""

import hashlib

from django.db import IntegrityError, transaction
from wagtail.models import Collection

from memorial.core.models import ArchiveImage
from memorial.core.uploads import CleanImage

COLLECTION_NAME = "Family submissions"
CREDIT = "Shared by the family"


def family_photos_collection() -> Collection:
    """The image collection for photographs sent by families, created the first time."""
    found = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    if found:
        return found
    try:
        with transaction.atomic():
            root = Collection.get_first_root_node()
            return root.add_child(instance=Collection(name=COLLECTION_NAME))
    except IntegrityError:  # created at the same moment by another submission
        return Collection.objects.get(name=COLLECTION_NAME, depth=2)


def save_family_photo(clean: CleanImage, *, title: str, description: str = "", source: str = ""):
    """Store a checked, re-encoded photograph (never the uploaded bytes or file name)."""
    image = ArchiveImage(
        title=title,
        description=description[:255],
        collection=family_photos_collection(),
        credit=CREDIT,
        source=source,
        width=clean.width,
        height=clean.height,
        file_size=len(clean.content),
        file_hash=hashlib.sha1(clean.content).hexdigest(),  # what Wagtail keys renditions by
        file=clean.as_django_file(),
    )
    try:
        image.save()
    except Exception:
        # The file is written before the row; without the row nobody would know of it.
        image.file.delete(save=False)
        raise
    return image


class SubmissionPhotos:
    """The photographs stored for one family submission, as a context manager around its
    transaction: they are linked to the Submission (moderators see every one), and if the
    block fails their files are deleted too (the rows go with the transaction; files would
    stay behind, known to nobody)."""

    def __init__(self):
        self.saved = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None:
            for image in self.saved:
                image.file.delete(save=False)
        return False

    def save(self, submission, clean: CleanImage, *, title: str, description: str = ""):
        image = save_family_photo(
            clean,
            title=title,
            description=description,
            source=f"Family submission {submission.reference}",
        )
        self.saved.append(image)
        submission.images.add(image)
        return image
