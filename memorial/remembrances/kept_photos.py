"""Photographs kept across a form error, and taking one back: shared by the family forms.

A form that comes back with an error keeps the photographs that passed the checks
(upload_store, under the form's signed token), so they need not be chosen again; each
slot N then offers a remove_N box, because a kept photograph would otherwise be sent with
the corrected form whether the family still wants it or not.

A form left open past prune_uploads (a day) has lost its kept photographs: the slots the
form says were kept, and are no longer, are refused with a request to choose the photograph
again, not sent without it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from memorial.core.uploads import CleanImage

from . import upload_store

REMOVE_THIS_PHOTOGRAPH = _("Remove this photograph")
PHOTO_LOST = _(
    "The photograph you chose earlier was kept for a day only and is no longer here. "
    "Please choose it again, or send the form without it."
)


def removal_field(label=REMOVE_THIS_PHOTOGRAPH) -> forms.BooleanField:
    """The remove_N box of a slot whose photograph may be kept."""
    return forms.BooleanField(required=False, label=label)


class KeptPhotosMixin:
    """For a Form with an `upload_token` field and, for each slot N in `kept_photo_slots`,
    a photo_N file field and a remove_N `removal_field()`."""

    kept_photo_slots: range = range(0)

    def load_kept_photos(self) -> None:
        """The token this form was sent with (a new one when missing or forged) and the
        photographs kept under it, by slot."""
        signed = self.data.get(self.add_prefix("upload_token"), "") if self.is_bound else ""
        self.token, promised = upload_store.unsign_form(str(signed)) or (
            upload_store.new_token(),
            frozenset(),
        )
        if not self.is_bound:  # the sent form names itself, so a second sending is known
            self.initial["upload_token"] = upload_store.sign(self.token)
        self.kept = upload_store.kept(self.token) if self.is_bound else {}
        # Shown to the family as kept, and gone since (pruned while the form was open).
        self.lost = {slot for slot in promised if slot not in self.kept}

    def refuse_lost_photos(self, cleaned: dict) -> None:
        """In clean(): a slot whose kept photograph is gone, and not chosen again or removed,
        asks for it again."""
        for slot in sorted(self.lost):
            if not cleaned.get(f"photo_{slot}") and not cleaned.get(f"remove_{slot}"):
                lost = forms.ValidationError(PHOTO_LOST, code="photo_lost")
                self.add_error(f"photo_{slot}", lost)

    def kept_photo(self, slot: int, cleaned: dict) -> CleanImage | None:
        """The photograph kept for this slot, unless its remove box was ticked."""
        if cleaned.get(f"remove_{slot}"):
            return None
        return self.kept.get(slot)

    def keep_checked_photos(self) -> None:
        """After an error: keep the photographs that passed, so they need not be chosen again,
        and let go of those the family removed.

        Never call it for spam: a bot's files are stored nowhere.
        """
        cleaned = getattr(self, "cleaned_data", {})
        for slot in self.kept_photo_slots:
            image = cleaned.get(f"photo_{slot}")
            if isinstance(image, CleanImage):
                upload_store.keep(self.token, slot, image)
                self.kept[slot] = image
            elif cleaned.get(f"remove_{slot}") and slot in self.kept:
                upload_store.discard(self.token, slot)
                del self.kept[slot]
        upload_store.touch(self.token)
        self.data = self.data.copy()
        self.data[self.add_prefix("upload_token")] = upload_store.sign(self.token, self.kept)
        for slot in self.kept_photo_slots:  # a removed photograph's box starts unticked again
            self.data.pop(self.add_prefix(f"remove_{slot}"), None)
