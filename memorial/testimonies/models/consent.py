"""The narrator's consent: staff-only, kept apart from the page so no public surface holds it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel

from memorial.core.dates import not_after_today
from memorial.core.files.fieldfiles import ReleaseFormFile


def release_form_storage():
    """Signed release forms live outside MEDIA_ROOT and are served only to staff."""
    return FileSystemStorage(location=settings.PRIVATE_FILES_ROOT / "consent")


class ConsentStatus(models.TextChoices):
    GIVEN = "given", "Given: the testimony may be shown at its access level"
    RESTRICTED = "restricted", "Restricted: shown only within the limits in the scope"
    WITHDRAWN = "withdrawn", "Withdrawn: the testimony must not be shown at all"


class ConsentRecord(models.Model):
    testimony = models.OneToOneField(
        "testimonies.TestimonyPage",
        on_delete=models.CASCADE,
        related_name="consent",
        help_text="The testimony this consent covers.",
    )
    status = models.CharField(
        max_length=12,
        choices=ConsentStatus.choices,
        default=ConsentStatus.GIVEN,
        help_text="Withdrawing consent unpublishes the testimony at once, removes it from "
        "search and caches, and records the decision in the audit log.",
    )
    consent_date = models.DateField(
        null=True,
        blank=True,
        validators=[not_after_today],
        help_text="The day the narrator gave (or changed) consent.",
    )
    scope = models.TextField(
        blank=True,
        help_text="What the narrator agreed to, in plain words: e.g. 'public online, no "
        "commercial use; the passage about the neighbours withheld until 2040'.",
    )
    release_form = models.FileField(
        upload_to="%Y/",
        storage=release_form_storage,
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png", "tif", "tiff"])],
        help_text="The signed release form (PDF or scan). Private: only staff can open it.",
    )
    review_date = models.DateField(
        null=True,
        blank=True,
        help_text="When to check this consent again (e.g. the end of an embargo the "
        "narrator asked for).",
    )
    notes = models.TextField(blank=True, help_text="Anything staff need to know. Never public.")
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        PageChooserPanel("testimony", "testimonies.TestimonyPage"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("consent_date")]),
        FieldPanel("scope"),
        FieldPanel("release_form"),
        FieldPanel("review_date"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = "consent record"
        ordering = ["review_date", "pk"]

    def __str__(self):
        return f"Consent for {self.testimony.title}: {self.get_status_display().split(':')[0]}"

    def clean(self):
        if self.review_date and self.consent_date and self.review_date < self.consent_date:
            raise ValidationError({"review_date": "The review date must follow the consent date."})

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ConsentStatus.WITHDRAWN


# Links to the form (in the admin's edit view) go to the staff-only view, never a file URL.
ConsentRecord._meta.get_field("release_form").attr_class = ReleaseFormFile
