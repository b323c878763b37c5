"""The admin's Copy for pages, with the archive's rule that a record is kept once.

Copying a person (or a collection with its people) within the default language makes new
records with new identifiers, and is allowed: an archivist may restructure the archive.
Two kinds of copy would instead be a second page of the same record, and are refused:

- an alias of a record, which mirrors its original and carries its permanent identifier
  (Wagtail then fails on the identifier's uniqueness), or of a collection or a subtree
  holding records;
- a copy with subpages into another language's tree, which would translate the records
  beneath it (memorial.core.translation).
"""

from wagtail.admin.forms.pages import CopyForm

from .i18n import default_locale_id
from .translation import is_record, record_content_types

ALIAS_REFUSED = (
    "The subpages of “%(title)s” include records, and a record is kept once: an alias would "
    "be a second page of each. Alias it without its subpages, or copy it without “Alias”."
)
LOCALE_REFUSED = (
    "The subpages of “%(title)s” include records, which are kept once in the default "
    "language and never translated. Copy it without its subpages, or use “Translate”."
)


def has_record_subpages(page) -> bool:
    return page.get_descendants().filter(content_type__in=record_content_types()).exists()


def may_hold_records(page) -> bool:
    """Whether records may be created under pages of this type (a collection)."""
    return any(
        getattr(model, "is_record", False)
        for model in (page.specific_class or type(page)).allowed_subpage_models()
    )


class RecordSafeCopyForm(CopyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if is_record(self.page) or may_hold_records(self.page):
            # Never aliased: an alias of a collection would be listed as a second one, and
            # people added under it would be in neither.
            self.fields.pop("alias", None)

    def clean(self):
        cleaned_data = super().clean()
        parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
        with_subpages = bool(cleaned_data.get("copy_subpages"))
        title = {"title": self.page.get_admin_display_title()}
        if not with_subpages or not has_record_subpages(self.page):
            return cleaned_data
        if cleaned_data.get("alias"):
            self.add_error("alias", ALIAS_REFUSED % title)
        elif parent.locale_id != default_locale_id():
            self.add_error("copy_subpages", LOCALE_REFUSED % title)
        return cleaned_data


def may_copy_records_to(page, destination, recursive: bool) -> bool:
    """The rule behind every Copy (the form above, and the admin API's copy action, which
    has no form): a copy with subpages never brings records into another language."""
    if not recursive or destination.locale_id == default_locale_id():
        return True
    return not has_record_subpages(page)
