"""A form field for one photograph from the public; its cleaned value is a CleanImage."""

from django import forms

from .images import clean_uploaded_image


class SafeImageField(forms.FileField):
    """Like FileField, but the cleaned value is a re-encoded `CleanImage` (or None).

    The `accept` attribute only helps the browser's file picker; the check is the decoding.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded or uploaded is initial:
            return uploaded
        return clean_uploaded_image(uploaded)
