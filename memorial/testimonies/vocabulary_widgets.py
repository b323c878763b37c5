"""Subjects and places of a passage, typed by name: a <select> of every term and every place,
drawn again for each of a transcript's hundreds of passages, made a long testimony's editor
too big to open (with 3,000 terms, 5,000 places and 300 passages: 166 MB, 1,550 queries).

Archivists type the terms and places as the admin names them, separated by semicolons (a
place with a region as "Name, Region"); the form shows the chosen ones back the same way.
Names not in the vocabulary or the list of places are a form error that names each of them.
"""

from django import forms
from django.core.exceptions import ValidationError

from memorial.core.names import same_name_key, tidy

SEPARATOR = ";"


def split_names(text: str) -> list[str]:
    """The names in the text, tidied, in the order typed, each once."""
    return list(dict.fromkeys(tidy(part) for part in (text or "").split(SEPARATOR) if tidy(part)))


class NamesWidget(forms.TextInput):
    def __init__(self, attrs=None):
        defaults = {"autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class NamesField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField over rows with a unique `key`, read and shown as names.

    With any other widget (a list of ids) it behaves as its parent does.
    """

    widget = NamesWidget
    where = "the admin"
    placeholder = ""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, **kwargs)
        if self.reads_names:
            self.widget.attrs.setdefault("placeholder", self.placeholder)
            self.help_text = " ".join(
                part
                for part in [
                    str(self.help_text or ""),
                    f"Type each as it is named in {self.where}, separated by semicolons.",
                ]
                if part
            )

    @property
    def reads_names(self) -> bool:
        return isinstance(self.widget, NamesWidget)

    def keys_for(self, name: str) -> list[str]:
        """The keys a row written this way may have, the likeliest first."""
        return [same_name_key(name)]

    def prepare_value(self, value):
        if not self.reads_names or isinstance(value, str) or value is None:
            return super().prepare_value(value)
        items = list(value)
        if items and not all(isinstance(item, self.queryset.model) for item in items):
            ids = [getattr(item, "pk", item) for item in items]
            items = list(self.queryset.filter(pk__in=ids))
        return f"{SEPARATOR} ".join(str(item) for item in items)

    def clean(self, value):
        if not isinstance(value, str):
            return super().clean(value)
        names = split_names(value)
        if not names:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return self.queryset.none()
        keys = {name: self.keys_for(name) for name in names}
        wanted = {key for name_keys in keys.values() for key in name_keys}
        found = dict(self.queryset.filter(key__in=wanted).values_list("key", "pk"))
        chosen = {name: next((found[k] for k in keys[name] if k in found), None) for name in names}
        unknown = [name for name, pk in chosen.items() if pk is None]
        if unknown:
            raise ValidationError(
                "Not in %(where)s: %(names)s. Check the spelling, or add it there first.",
                code="unknown_names",
                params={"where": self.where, "names": ", ".join(f"“{n}”" for n in unknown)},
            )
        self.run_validators(value)
        return self.queryset.filter(pk__in=chosen.values())

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        if not isinstance(data, str):
            return super().has_changed(initial, data)
        before = self.prepare_value(initial or [])
        return set(split_names(before)) != set(split_names(data))


class KeywordNamesField(NamesField):
    where = "the vocabulary (Keywords)"
    placeholder = "e.g. Childhood; School"


class PlaceNamesField(NamesField):
    where = "the list of places (Places)"
    placeholder = "e.g. Velmora, Fictional Uplands; Quellbrook"

    def keys_for(self, name: str) -> list[str]:
        from memorial.entries.models.places import label_keys

        return label_keys(name)


def vocabulary_field(db_field) -> dict:
    """The typed field for a many-to-many field to keywords or places (the panel picks the
    widget), for memorial.testimonies.widgets' form field override."""
    label = getattr(getattr(db_field.related_model, "_meta", None), "label", None)
    form_class = {"testimonies.Keyword": KeywordNamesField, "entries.Place": PlaceNamesField}
    return {"form_class": form_class[label]} if label in form_class else {}
