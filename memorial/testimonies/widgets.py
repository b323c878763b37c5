"""People in a passage, typed as entry identifiers: a <select> of a million entries cannot work.

Archivists type the identifiers of the entries (the same as in /e/<identifier>/), separated by
commas or semicolons; the form shows the chosen entries back the same way. Unknown identifiers
are a form error that names each of them.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms.models import register_form_field_override

from .vocabulary_widgets import vocabulary_field

ENTRY_MODEL = "entries.MemorialEntryPage"
# Identifiers hold no spaces, commas or semicolons, so any of them separates two.
SEPARATORS = re.compile(r"[\s,;]+")


def split_identifiers(text: str) -> list[str]:
    """The identifiers in the text, in the order typed, each once."""
    return list(dict.fromkeys(part for part in SEPARATORS.split(text or "") if part))


def join_identifiers(identifiers) -> str:
    return ", ".join(identifiers)


class EntryIdentifiersWidget(forms.TextInput):
    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "e.g. 7k2m9x4q, a1b2c3d4",
            "autocomplete": "off",
            "spellcheck": "false",
            "autocapitalize": "none",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if not value:
            return ""
        if isinstance(value, str):
            return value  # as typed, e.g. shown again beside an error
        from django.apps import apps

        # Entries or their ids, e.g. an initial value set in code.
        items = list(value)
        if all(hasattr(item, "identifier") for item in items):
            return join_identifiers(item.identifier for item in items)
        ids = [str(getattr(item, "pk", item)) for item in items]
        model = apps.get_model(ENTRY_MODEL)
        found = {
            str(pk): identifier
            for pk, identifier in model.objects.filter(pk__in=ids).values_list("pk", "identifier")
        }
        return join_identifiers(found[pk] for pk in ids if pk in found)

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class EntryIdentifiersField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField over entries that reads and shows identifiers.

    With any other widget (a list of ids) it behaves as its parent does.
    """

    widget = EntryIdentifiersWidget

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, **kwargs)
        self.help_text = " ".join(
            part
            for part in [
                str(self.help_text or ""),
                "Type each person's identifier (as in the short link /e/<identifier>/), "
                "separated by commas or semicolons.",
            ]
            if part
        )

    @property
    def reads_identifiers(self) -> bool:
        return isinstance(self.widget, EntryIdentifiersWidget)

    def prepare_value(self, value):
        if not self.reads_identifiers or isinstance(value, str) or value is None:
            return super().prepare_value(value)
        items = list(value)
        if all(hasattr(item, "identifier") for item in items):
            return join_identifiers(item.identifier for item in items)
        return super().prepare_value(items)

    def clean(self, value):
        if not isinstance(value, str):
            return super().clean(value)
        identifiers = split_identifiers(value)
        if not identifiers:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return self.queryset.none()
        found = dict(
            self.queryset.filter(identifier__in=identifiers).values_list("identifier", "pk")
        )
        unknown = [identifier for identifier in identifiers if identifier not in found]
        if unknown:
            listed = ", ".join(f"“{identifier}”" for identifier in unknown)
            raise ValidationError(
                "No entry has the identifier %(identifiers)s. Check it against the entry's "
                "short link (/e/<identifier>/)."
                if len(unknown) == 1
                else "No entries have the identifiers %(identifiers)s. Check them against the "
                "entries' short links (/e/<identifier>/).",
                code="unknown_identifiers",
                params={"identifiers": listed},
            )
        self.run_validators(value)
        return self.queryset.filter(pk__in=found.values())

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        if not isinstance(data, str):
            return super().has_changed(initial, data)
        before = self.widget.format_value(self.prepare_value(initial or []))
        return set(split_identifiers(before)) != set(split_identifiers(data))


def _entries_by_identifier(db_field):
    """Many-to-many fields to entries get the identifier field, to keywords and places the
    names field (the panel picks the widget). Wagtail keeps one override per field class."""
    if getattr(db_field.related_model, "_meta", None) and (
        db_field.related_model._meta.label == ENTRY_MODEL
    ):
        return {"form_class": EntryIdentifiersField}
    return vocabulary_field(db_field)


register_form_field_override(ParentalManyToManyField, override=_entries_by_identifier)
