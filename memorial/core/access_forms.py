"""The admin form of pages with access settings (AccessMixin), which page types with
rules of their own subclass."""

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from .preloaded_rows import preload_rows


class AccessPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        preload_rows(self)

    def clean(self):
        cleaned_data = super().clean()
        embargo = cleaned_data.get("embargo_until")
        # Only a date entered now: one that has come since it was set stays until
        # lift_embargoes clears it, and must not block other edits meanwhile.
        if embargo and "embargo_until" in self.changed_data and embargo <= timezone.localdate():
            self.add_error(
                "embargo_until",
                "This date has come: the item would be open to the public at once. Choose a "
                "later date, or leave it empty for no embargo.",
            )
        return cleaned_data

    def kept_rows(self, relation: str) -> list:
        """The valid inline forms of `relation` that are not being deleted."""
        formset = self.formsets.get(relation)
        if formset is None:
            return []
        return [
            form
            for form in formset.forms
            if form.is_valid() and not formset._should_delete_form(form)
        ]
