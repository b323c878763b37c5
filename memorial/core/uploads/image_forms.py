"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): an image must decode whole.

Wagtail reads only an uploaded image's header. A file cut short passed, or failed with a
500 when Pillow stumbled on it while counting frames (an OSError where a form error was
due). Here every raster image is decoded to its last pixel before it is accepted, and any
failure to read it is a form error.
"""

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from memorial.core.models import UNREADABLE_IMAGE_ERRORS

UNREADABLE = (
    "This image file cannot be read to the end: it may be cut short or damaged. "
    "Export it again from the original and upload that file."
)


def decodes_whole(upload) -> None:
    """Raise ValidationError unless Pillow can read every pixel of `upload`."""
    position = upload.tell()
    try:
        upload.seek(0)
        with PILImage.open(upload) as image:
            image.load()
    except UNREADABLE_IMAGE_ERRORS as error:
        raise ValidationError(UNREADABLE, code="invalid_image") from error
    finally:
        upload.seek(position)


class WholeImageField(WagtailImageField):
    def to_python(self, data):
        try:
            upload = super().to_python(data)
        except UNREADABLE_IMAGE_ERRORS as error:
            raise ValidationError(UNREADABLE, code="invalid_image") from error
        if upload is not None and getattr(upload.image, "format_name", "") != "svg":
            decodes_whole(upload)
        return upload


class ArchiveImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        # Wagtail builds the field itself (its formfield callback); it is made the stricter
        # kind in place, keeping every setting Wagtail gave it.
        if type(field) is WagtailImageField:
            field.__class__ = WholeImageField
