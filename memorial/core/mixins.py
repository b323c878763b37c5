"""Small single-purpose page mixins. Each owns its fields, panels and search fields."""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from .access_forms import AccessPageForm


class AccessLevel(models.TextChoices):
    PUBLIC = "public", "Public: anyone may see it"
    RESEARCHERS = "researchers", "Researchers: registered researchers only"
    STAFF = "staff", "Staff: archive staff only"


class ContentWarningMixin(models.Model):
    content_warning = models.TextField(
        blank=True,
        help_text=(
            "Shown before the content, with a choice to continue. Name what the content "
            "describes (e.g. 'descriptions of violence and the death of children'). "
            "Leave empty when no warning is needed."
        ),
    )

    content_warning_panels = [FieldPanel("content_warning")]

    class Meta:
        abstract = True


class AccessMixin(models.Model):
    """Who may see this item, and from when. Enforced by memorial.core.privacy."""

    access_level = models.CharField(
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        db_index=True,
        help_text="Set from the narrator's consent. Anything but Public hides the content "
        "from visitors.",
    )
    embargo_until = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Closed to the public until this date (inclusive of the day before); "
        "opens automatically on it. Leave empty for no embargo.",
    )

    access_panels = [
        MultiFieldPanel(
            [FieldPanel("access_level"), FieldPanel("embargo_until")],
            heading="Access",
        )
    ]
    access_search_fields = [index.FilterField("access_level"), index.FilterField("embargo_until")]
    # The editor refuses an embargo date that has already come; a page type with a form of
    # its own subclasses AccessPageForm.
    base_form_class = AccessPageForm

    class Meta:
        abstract = True

    @property
    def is_under_embargo(self) -> bool:
        return bool(self.embargo_until and self.embargo_until > timezone.localdate())

    @property
    def is_open_to_public(self) -> bool:
        return self.access_level == AccessLevel.PUBLIC and not self.is_under_embargo

    def can_be_seen_by(self, user) -> bool:
        from .privacy import can_view_content

        return can_view_content(self, user)


def closed_rows_index(name: str) -> models.Index:
    """A small partial index of the rows not open to everyone, for privacy filters.

    Add it to each AccessMixin page's Meta.indexes (an abstract Meta is not inherited
    once a page declares its own).
    """
    return models.Index(
        fields=["access_level", "embargo_until"],
        name=name,
        condition=~models.Q(access_level="public") | models.Q(embargo_until__isnull=False),
    )
