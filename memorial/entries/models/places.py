from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from memorial.core.merging import MergeRefused
from memorial.core.names import require_a_letter, same_name_key, tidy


def place_key(name: str, region: str = "") -> str:
    return same_name_key(name, region)


def split_label(label: str) -> tuple[str, str]:
    """'Name, Region' (as a place is shown) → ('Name', 'Region'); no region: just its name."""
    name, _, region = label.rpartition(", ")
    return (name, region) if name else (label, "")


def label_keys(label: str) -> list[str]:
    """The keys of the place a label names: a place named exactly like the whole label
    first, then the label read as 'Name, Region'."""
    return list(dict.fromkeys([place_key(label), place_key(*split_label(label))]))


class Place(index.Indexed, models.Model):
    """A town, village or site named in entries, testimonies and photographs."""

    shown_on_pages = True  # edited in the admin: seen at once (memorial.core.shown_snippets)

    name = models.CharField(
        max_length=255,
        validators=[require_a_letter],
        help_text="The name most sources use, in its original spelling.",
    )
    other_names = models.CharField(
        max_length=500,
        blank=True,
        help_text="Other names and spellings, separated by semicolons "
        "(historical names, other languages and scripts).",
    )
    region = models.CharField(
        max_length=255,
        blank=True,
        help_text="District, region or country, to tell places of the same name apart.",
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Decimal degrees, north positive (e.g. 40.409264).",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Decimal degrees, east positive (e.g. 49.867092).",
    )

    # Unique: "Guba", "guba " and "GUBA" are one place (memorial.core.names.same_name_key).
    key = models.CharField(max_length=800, unique=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("other_names"),
        FieldPanel("region"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading="Coordinates (optional)",
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("other_names"),
        index.SearchField("region"),
    ]

    class Meta:
        ordering = ["name", "region"]

    def __str__(self):
        return f"{self.name}, {self.region}" if self.region else self.name

    def save(self, *args, **kwargs):
        self.tidy_names()
        super().save(*args, **kwargs)

    def tidy_names(self):
        self.name, self.region = tidy(self.name), tidy(self.region)
        self.key = place_key(self.name, self.region)

    def already_stored(self):
        """Another place of this name and region, if any."""
        self.tidy_names()
        return Place.objects.filter(key=self.key).exclude(pk=self.pk).first()

    def clean(self):
        if (same := self.already_stored()) is not None:
            raise ValidationError(
                {
                    "name": f"“{same}” is already in the archive. Use that place, correct its "
                    "spelling there, or tell the two apart by region."
                }
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": "Give both latitude and longitude, or neither."})

    def absorb(self, duplicate) -> list[str]:
        """Keep what only `duplicate` knew, as it is merged into this place (memorial.core.
        merging): its names become other names here, its coordinates fill missing ones."""
        names = [name.strip() for name in self.other_names.split(";") if name.strip()]
        known = {same_name_key(name) for name in [self.name, *names]}
        taken = []
        for name in [duplicate.name, *duplicate.other_names.split(";")]:
            if (name := tidy(name)) and same_name_key(name) not in known:
                names.append(name)
                known.add(same_name_key(name))
                taken.append(f"other name “{name}”")
        other_names = "; ".join(names)
        limit = self._meta.get_field("other_names").max_length
        if len(other_names) > limit:
            raise MergeRefused(
                f"With “{duplicate}”'s names, the other names of “{self}” would be longer than "
                f"{limit} characters: shorten them first."
            )
        self.other_names = other_names
        if not self.has_coordinates and duplicate.has_coordinates:
            self.latitude, self.longitude = duplicate.latitude, duplicate.longitude
            taken.append("coordinates")
        return taken

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None
