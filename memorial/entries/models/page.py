from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from memorial.core.blocks import BODY_BLOCKS
from memorial.core.dates import (
    MAX_AGE,
    PRECISION_HELP,
    Age,
    DatePrecision,
    age_between,
    format_partial_date,
    iso_partial_date,
    not_after_today,
)
from memorial.core.mixins import AccessMixin, closed_rows_index
from memorial.core.names import (
    fit_title,
    full_name,
    initial_of,
    require_a_letter_or_nothing,
    sort_key,
)
from memorial.core.pages import BasePage, children_of
from memorial.core.privacy import is_public, public_pages
from memorial.core.renditions import prefetch_stream_renditions
from memorial.remembrances.admin_duplicates import DuplicateCandidatesPanel

from ..forms import MemorialEntryPageForm
from ..identifiers import identifier_validator, new_identifier
from .family import families
from .name_keys import NAME_FIELDS, refresh_name_keys


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not known")


def _date_panels(prefix: str, heading: str):
    return MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel(f"{prefix}_date"), FieldPanel(f"{prefix}_date_precision")]),
            FieldPanel(f"{prefix}_place"),
        ],
        heading=heading,
    )


class MemorialEntryPage(AccessMixin, BasePage):
    """One person the archive remembers."""

    given_name = models.CharField(
        max_length=255,
        blank=True,
        validators=[require_a_letter_or_nothing],
        help_text="First name(s), as the main source spells them.",
    )
    patronymic = models.CharField(
        max_length=255,
        blank=True,
        validators=[require_a_letter_or_nothing],
        help_text="Father's name, where the naming custom uses one.",
    )
    family_name = models.CharField(
        max_length=255,
        blank=True,
        validators=[require_a_letter_or_nothing],
        help_text="Surname, as the main source spells it.",
    )
    birth_name = models.CharField(
        "name at birth",
        max_length=255,
        blank=True,
        validators=[require_a_letter_or_nothing],
        help_text="The family name at birth if it differs (e.g. before marriage).",
    )
    sex = models.CharField(
        max_length=10,
        choices=Sex.choices,
        default=Sex.UNKNOWN,
        help_text="As recorded in the sources.",
    )
    occupation = models.CharField(
        max_length=255, blank=True, help_text="What the person did: trade, profession, school."
    )
    portrait = models.ForeignKey(
        "core.ArchiveImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A photograph of the person. Record its credit and rights on the image.",
    )
    identifier = models.CharField(
        max_length=64,
        unique=True,
        blank=True,
        validators=[identifier_validator],
        help_text="The archive's permanent identifier for this person, used in the short link "
        "/e/<identifier>/. Leave empty to generate one; never change it once published.",
    )

    birth_date = models.DateField(
        null=True, blank=True, validators=[not_after_today], help_text=PRECISION_HELP
    )
    birth_date_precision = models.CharField(
        "precision", max_length=12, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    birth_place = models.ForeignKey(
        "entries.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="births",
        help_text="Town or village of birth.",
    )
    death_date = models.DateField(
        null=True, blank=True, validators=[not_after_today], help_text=PRECISION_HELP
    )
    death_date_precision = models.CharField(
        "precision", max_length=12, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    death_place = models.ForeignKey(
        "entries.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deaths",
        help_text="Where the person was killed or died, as far as known.",
    )
    age_at_death = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MaxValueValidator(
                MAX_AGE,
                f"No one is known to have lived this long. Check the age (at most {MAX_AGE}).",
            )
        ],
        help_text="Filled in from the dates when both are known, and taken away when they no "
        "longer give it. Enter it yourself only when a source gives the age but not the dates.",
    )
    age_at_death_is_approximate = models.BooleanField(default=False, editable=False)
    # Worked out from the dates (so it goes with them), or typed from a source (so it stays).
    age_at_death_from_dates = models.BooleanField(default=False, editable=False)
    circumstances_of_death = models.TextField(
        blank=True, help_text="What the sources say about how the person died. Keep to them."
    )
    biography = StreamField(
        BODY_BLOCKS,
        blank=True,
        help_text="The person's life in words, pictures and dated events.",
    )

    sort_name = models.CharField(max_length=255, blank=True, editable=False, db_index=True)
    name_initial = models.CharField(max_length=1, blank=True, editable=False)

    base_form_class = MemorialEntryPageForm
    is_record = True
    # A copy is another person: it gets a new identifier when saved.
    exclude_fields_in_copy = ["identifier"]
    parent_page_types = ["entries.MemorialIndexPage"]
    subpage_types = ["remembrances.RemembrancePage"]

    person_panels = [
        DuplicateCandidatesPanel(),  # shown only on entries a family proposed
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("given_name"), FieldPanel("patronymic")]),
        FieldRowPanel([FieldPanel("family_name"), FieldPanel("birth_name")]),
        InlinePanel("name_variants", heading="Other spellings and scripts", label="Variant"),
        FieldRowPanel([FieldPanel("sex"), FieldPanel("occupation")]),
        FieldPanel("portrait"),
        FieldPanel("identifier"),
    ]
    life_panels = [_date_panels("birth", "Birth"), FieldPanel("biography")]
    death_panels = [
        _date_panels("death", "Death"),
        FieldPanel("age_at_death"),
        FieldPanel("circumstances_of_death"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(person_panels, heading="Person"),
            ObjectList(life_panels, heading="Life"),
            ObjectList(death_panels, heading="Death"),
            ObjectList([InlinePanel("sources", label="Source")], heading="Sources"),
            ObjectList(
                [InlinePanel("relationships", heading="Family", label="Relative")],
                heading="Relations",
            ),
            ObjectList(AccessMixin.access_panels + Page.settings_panels, heading="Access"),
            ObjectList(Page.promote_panels, heading="Promote"),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("given_name", boost=4),
        index.SearchField("family_name", boost=5),
        index.SearchField("patronymic", boost=2),
        index.SearchField("birth_name", boost=3),
        index.AutocompleteField("family_name"),
        index.AutocompleteField("given_name"),
        index.RelatedFields("name_variants", [index.SearchField("name", boost=3)]),
        index.SearchField("occupation"),
        index.SearchField("biography"),
        index.FilterField("identifier"),
        index.FilterField("name_initial"),
        index.FilterField("sort_name"),
        *AccessMixin.access_search_fields,
    ]

    class Meta:
        verbose_name = "memorial entry"
        verbose_name_plural = "memorial entries"
        indexes = [
            # A–Z browsing: one letter, in name order, without sorting a million rows.
            models.Index(fields=["name_initial", "sort_name"], name="entry_letter_name_idx"),
            closed_rows_index("entry_closed_idx"),
        ]

    def __str__(self):
        return self.title

    @staticmethod
    def searched_name_keys(pk) -> list[str]:
        """Search finds a person by these keys and close spellings of them only
        (search.names), so a change to a person changes only the results of searches
        sharing one (memorial.core.name_generations)."""
        from .name_keys import EntryNameKey

        return list(EntryNameKey.objects.filter(entry_id=pk).values_list("key", flat=True))

    def identifier_is_fixed(self) -> bool:
        """Once published, the identifier is the person's permanent link (/e/<identifier>/)."""
        return bool(self.pk and self.first_published_at)

    def with_content_json(self, content):
        """A revision as a page, keeping the identifier stored for this page when it is
        fixed, or when another entry has taken the revision's since it was saved:
        publishing an old draft or reverting to one never changes a permanent link, nor
        fails on one. (The stored row decides, not `self`, which may be the edited copy.)"""
        page = super().with_content_json(content)
        stored = (
            MemorialEntryPage.objects.filter(pk=self.pk)
            .values_list("identifier", "first_published_at")
            .first()
        )
        if stored is None or page.identifier == stored[0]:
            return page
        identifier, first_published_at = stored
        taken = MemorialEntryPage.objects.filter(identifier=page.identifier).exclude(pk=self.pk)
        if first_published_at or taken.exists():
            page.identifier = identifier
        return page

    # Derived fields ---------------------------------------------------------------------
    def full_clean(self, *args, **kwargs):
        self.derive_fields()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.derive_fields()
        super().save(*args, **kwargs)
        # A draft revision saves only bookkeeping fields; the keys follow the saved names.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(NAME_FIELDS) & set(update_fields):
            refresh_name_keys([self])

    def derive_fields(self):
        if not self.title:
            self.title = fit_title(self.display_name)
        if not self.identifier:
            self.identifier = new_identifier()
        self.sort_name = sort_key(self.family_name or self.title, self.given_name)
        self.name_initial = initial_of(self.family_name or self.title)
        age = age_between(
            self.birth_date, self.birth_date_precision, self.death_date, self.death_date_precision
        )
        if age is not None:
            self.age_at_death = age.years
            self.age_at_death_is_approximate = age.approximate
            self.age_at_death_from_dates = True
        elif self.age_at_death_from_dates:
            self.age_at_death = None
            self.age_at_death_is_approximate = False
            self.age_at_death_from_dates = False

    # Display ----------------------------------------------------------------------------
    @property
    def display_name(self) -> str:
        return full_name(self.given_name, self.patronymic, self.family_name)

    @property
    def birth_display(self) -> str:
        return format_partial_date(self.birth_date, self.birth_date_precision)

    @property
    def death_display(self) -> str:
        return format_partial_date(self.death_date, self.death_date_precision)

    @property
    def birth_iso(self) -> str:
        return iso_partial_date(self.birth_date, self.birth_date_precision)

    @property
    def death_iso(self) -> str:
        return iso_partial_date(self.death_date, self.death_date_precision)

    @property
    def life_span(self) -> str:
        """'1931 – 14 May 1942', with unknown ends shown as '?'."""
        birth = self.birth_display if self.birth_iso else "?"
        death = self.death_display if self.death_iso else "?"
        return f"{birth} – {death}"

    @property
    def age(self) -> Age | None:
        if self.age_at_death is None:
            return None
        return Age(self.age_at_death, self.age_at_death_is_approximate)

    # Context ----------------------------------------------------------------------------
    def family(self):
        """Relatives recorded on either side, each as (label, entry, note); public ones only."""
        if hasattr(self, "prefetched_family"):
            return self.prefetched_family
        return families([self])[self.pk]

    @property
    def public_portrait(self):
        """The portrait, unless it is in a private collection, whose files visitors are
        refused: public pages then show the initials, not a picture that cannot load."""
        from memorial.core.files.private_collections import shown_publicly

        return self.portrait if shown_publicly(self.portrait) else None

    def photographs(self):
        from memorial.core.files.private_collections import excluding_private
        from memorial.core.models import ArchiveImage
        from memorial.galleries.models import GalleryPage, GalleryPersonShown

        galleries = public_pages(GalleryPage.objects.all()).values("pk")
        appearances = GalleryPersonShown.objects.filter(entry=self, gallery__in=galleries)
        return (
            excluding_private(appearances, "image__collection_id")
            .select_related("gallery")
            .prefetch_related(
                Prefetch("image", queryset=ArchiveImage.objects.prefetch_renditions("fill-240x240"))
            )
            .order_by("gallery__title", "position")[:24]
        )

    def route(self, request, path_components):
        # <entry url>remember/ (and remember/thanks/): the form for families.
        if path_components and path_components[0] == "remember":
            from memorial.remembrances.remembrance_views import remembrance_route

            return remembrance_route(self, path_components[1:])
        return super().route(request, path_components)

    def paths_beside_the_page(self) -> list[str]:
        from ..social import preview_url

        return [preview_url(self)]

    def serve(self, request, *args, **kwargs):
        # An entry has no metadata-only view: if a visitor may not see it, it does not exist.
        if not self.can_be_seen_by(request.user):
            raise Http404("No public entry here.")
        if subview := kwargs.pop("subview", None):
            return subview(request, self)
        return super().serve(request, *args, **kwargs)

    def remembrances(self):
        """Published remembrances of this person, oldest first; public ones only (their
        `photos` prefetched with `shown_photos_prefetch()` are the ones shown)."""
        from memorial.remembrances.models import RemembrancePage

        return public_pages(children_of(self, RemembrancePage)).order_by("path")

    def get_context(self, request, *args, **kwargs):
        from memorial.remembrances.models.remembrance import shown_photos_prefetch
        from memorial.testimonies.moments import public_moments_for_entry

        from ..social import social_card
        from ..timeline import life_timeline

        context = super().get_context(request, *args, **kwargs)
        prefetch_stream_renditions(self.biography)
        # The spellings are shown on the page and in its JSON-LD: read once.
        prefetch_related_objects([self], "name_variants")
        context.update(
            name_variants=list(self.name_variants.all()),
            sources=list(self.sources.select_related("document")),
            family=self.family(),
            testimonies=public_moments_for_entry(self),
            photographs=list(self.photographs()),
            # Remembrances are the entry's child pages: without children, none to read.
            remembrances=list(self.remembrances().prefetch_related(shown_photos_prefetch()))
            if self.numchild
            else [],
            timeline=life_timeline(self),
            # Open Graph picture only for an entry everybody may see (its address 404s otherwise).
            shared_publicly=is_public(self),
            social=social_card(self, request),
        )
        return context
