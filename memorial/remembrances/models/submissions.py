"""Who sent what: the private side of every family submission.

The public content of a submission is a draft page (a RemembrancePage under the entry, or a
draft MemorialEntryPage for a proposed person) that goes through moderation. Everything
about the person who sent it lives here, apart from the page, so no public surface (page,
API, search, OAI, exports) can ever reach it.
"""

import uuid

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class SubmissionKind(models.TextChoices):
    REMEMBRANCE = "remembrance", "Remembrance of a person in the archive"
    PROPOSED_ENTRY = "proposed_entry", "A person proposed for the archive"


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Approved and published"
    REJECTED = "rejected", "Not published"


class Submission(models.Model):
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=SubmissionKind.choices)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The draft page made from this submission.",
    )
    submitter_name = models.CharField(
        max_length=200, help_text="The name the submitter gave. Private unless they chose to sign."
    )
    relationship = models.CharField(
        max_length=200, blank=True, help_text="How the submitter knew or is related to the person."
    )
    email = models.EmailField(help_text="Private: used only to tell the submitter the outcome.")
    may_publish_text = models.BooleanField(
        default=False, help_text="The submitter allowed the text to be published."
    )
    may_publish_photos = models.BooleanField(
        default=False, help_text="The submitter allowed the photographs to be published."
    )
    may_contact = models.BooleanField(
        default=False, help_text="The submitter agreed to be contacted with questions."
    )
    images = models.ManyToManyField(
        "core.ArchiveImage",
        blank=True,
        related_name="+",
        help_text=(
            "Every photograph sent with this submission, including those the submitter did "
            "not allow to be published."
        ),
    )
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    decision_message = models.TextField(
        blank=True, help_text="Sent to the submitter with the outcome (e.g. why it was declined)."
    )
    upload_token = models.CharField(
        max_length=22,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The form it was sent with: the same form sent again is not stored twice.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("submitter_name"), FieldPanel("relationship")]),
                FieldPanel("email"),
                FieldRowPanel(
                    [
                        FieldPanel("may_publish_text"),
                        FieldPanel("may_publish_photos"),
                        FieldPanel("may_contact"),
                    ]
                ),
            ],
            heading="Submitter (private)",
        ),
        FieldPanel("status", read_only=True),
        FieldPanel("decision_message"),
    ]

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="submission_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.submitter_name} ({self.created_at:%Y-%m-%d})"

    @classmethod
    def record(
        cls,
        kind,
        data: dict,
        *,
        may_publish_text: bool,
        may_publish_photos: bool,
        upload_token: str | None = None,
    ):
        """The private side of a family form: who sent it and what they allowed.

        `upload_token` names the form sent; a second Submission with it raises IntegrityError.
        """
        return cls.objects.create(
            kind=kind,
            upload_token=upload_token,
            submitter_name=data["submitter_name"],
            relationship=data["relationship"],
            email=data["email"],
            may_publish_text=may_publish_text,
            may_publish_photos=may_publish_photos,
            may_contact=data["may_contact"],
        )

    @classmethod
    def proposed(cls, page) -> bool:
        """Whether this page is an entry a family proposed through /submit-a-name/."""
        if page is None or not page.pk:
            return False
        return cls.objects.filter(page_id=page.pk, kind=SubmissionKind.PROPOSED_ENTRY).exists()
