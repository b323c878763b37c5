"""The public form a relative or friend fills in to remember a person."""

from dataclasses import dataclass

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from memorial.core.abuse import SpamCheckMixin, bounded_text
from memorial.core.i18n import grouped_number_lazy
from memorial.core.uploads import CleanImage, SafeImageField

from .kept_photos import KeptPhotosMixin, removal_field

MAX_PHOTOS = 10
TEXT_MAX_LENGTH = 10_000
PHOTO_SLOTS = range(1, MAX_PHOTOS + 1)


@dataclass(frozen=True)
class SharedPhoto:
    image: CleanImage
    caption: str
    alt_text: str


class RemembranceForm(KeptPhotosMixin, SpamCheckMixin, forms.Form):
    kept_photo_slots = PHOTO_SLOTS

    submitter_name = bounded_text(
        200,
        label=_("Your name"),
        help_text=_("Private: only the archive's moderators see it, unless you sign below."),
        error_messages={"required": _("Please tell us your name.")},
    )
    relationship = bounded_text(
        200,
        required=False,
        label=_("How you knew this person"),
        help_text=_("Shown with your remembrance, e.g. “granddaughter”, “neighbour”, “classmate”."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("Private: we use it only to send you a receipt and tell you the outcome."),
        error_messages={
            "required": _("Please give an e-mail address, so we can tell you the outcome."),
            "invalid": _("Please check the e-mail address: it should look like name@example.org."),
        },
    )
    shown_name = bounded_text(
        200,
        required=False,
        label=_("Sign your remembrance as"),
        help_text=_(
            "Shown publicly, e.g. your name or “Her granddaughter”. "
            "Leave empty and no name is shown."
        ),
    )
    text = bounded_text(
        TEXT_MAX_LENGTH,
        label=_("What you remember"),
        help_text=format_lazy(
            _("Up to {limit} characters. Plain text: paragraphs are kept."),
            limit=grouped_number_lazy(TEXT_MAX_LENGTH),
        ),
        error_messages={"required": _("Please write your remembrance.")},
    )
    may_publish_text = forms.BooleanField(
        label=_("I agree that the archive publishes my remembrance on this page."),
        error_messages={
            "required": _(
                "A remembrance is sent to be published, so we need your agreement. "
                "To write to the archive privately, use its contact address instead."
            )
        },
    )
    may_publish_photos = forms.BooleanField(
        required=False,
        label=_("I agree that the archive publishes my photographs with it, and I may share them."),
        help_text=_("Without this, moderators see your photographs but they are not published."),
    )
    may_contact = forms.BooleanField(
        required=False, label=_("The archive may write to me with questions about what I sent.")
    )
    upload_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for slot in PHOTO_SLOTS:
            self.fields[f"photo_{slot}"] = SafeImageField(
                required=False,
                label=_("Choose the photograph"),
                widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            )
            self.fields[f"caption_{slot}"] = bounded_text(
                500, required=False, label=_("Caption (shown under it)"), multiline=False
            )
            self.fields[f"alt_{slot}"] = bounded_text(
                500,
                required=False,
                label=_("Describe it for people who cannot see it"),
                help_text=_(
                    "Needed with every photograph, e.g. “A young woman in a dark coat, "
                    "standing by a garden gate.”"
                ),
                multiline=False,
            )
            self.fields[f"remove_{slot}"] = removal_field()
        self.load_kept_photos()
        self.photos: list[SharedPhoto] = []

    def photo_slots(self):
        """For the template: each slot's fields and the photograph kept for it, if any."""
        for slot in PHOTO_SLOTS:
            yield {
                "number": slot,
                "photo": self[f"photo_{slot}"],
                "caption": self[f"caption_{slot}"],
                "alt": self[f"alt_{slot}"],
                "remove": self[f"remove_{slot}"],
                "kept": self.kept.get(slot),
            }

    def later_slots_in_use(self, first_hidden: int = 4) -> bool:
        """Whether any slot from `first_hidden` on holds something, so it must show open."""
        for slot in PHOTO_SLOTS[first_hidden - 1 :]:
            names = (f"photo_{slot}", f"caption_{slot}", f"alt_{slot}")
            if slot in self.kept or any(name in self.errors for name in names):
                return True
            if self.is_bound and any(self.data.get(self.add_prefix(name)) for name in names[1:]):
                return True
        return False

    def clean(self):
        cleaned = super().clean()
        self.photos = []
        self.refuse_lost_photos(cleaned)
        for slot in PHOTO_SLOTS:
            if f"photo_{slot}" in self.errors:
                continue
            image = cleaned.get(f"photo_{slot}") or self.kept_photo(slot, cleaned)
            caption = cleaned.get(f"caption_{slot}", "")
            alt_text = cleaned.get(f"alt_{slot}", "")
            if image is None:
                if caption or alt_text:
                    self.add_error(
                        f"photo_{slot}",
                        forms.ValidationError(
                            gettext(
                                "Please choose the photograph these words belong to, or clear them."
                            ),
                            code="photo_missing",
                        ),
                    )
                continue
            if not alt_text:
                self.add_error(
                    f"alt_{slot}",
                    gettext(
                        "Please describe this photograph in a few words "
                        "for people who cannot see it."
                    ),
                )
                continue
            self.photos.append(SharedPhoto(image, caption, alt_text))
        return cleaned

    def refused_a_file(self) -> bool:
        """Was a file sent that is not an acceptable photograph (not merely a missing one)?"""
        return any(
            error.code not in ("photo_missing", "photo_lost")
            for slot in PHOTO_SLOTS
            for error in self.errors.as_data().get(f"photo_{slot}", [])
        )
