"""Safe image uploads from the public: decode, check, re-encode, rename.

from memorial.core.uploads import UploadRefused, clean_uploaded_image

clean = clean_uploaded_image(request.FILES["photo"])  # raises UploadRefused
ArchiveImage.objects.create(title=..., file=clean.as_django_file())
"""

from .fields import SafeImageField
from .images import CleanImage, accepted_formats, clean_uploaded_image
from .refusals import UploadRefused

__all__ = [
    "CleanImage",
    "SafeImageField",
    "UploadRefused",
    "accepted_formats",
    "clean_uploaded_image",
]
