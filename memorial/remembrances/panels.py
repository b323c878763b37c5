"""An admin panel showing moderators who sent a remembrance, beside the page they edit."""

from wagtail.admin.panels import Panel


class SubmissionPanel(Panel):
    """Read-only: the private Submission behind this page (submitter, consents, status).

    Only rendered in the admin, for people who may edit the page; never part of a public
    template, the API or an export.
    """

    @property
    def clean_name(self):
        return super().clean_name or "submission"

    class BoundPanel(Panel.BoundPanel):
        template_name = "remembrances/admin/submission_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            from .models import Submission

            self.submission = None
            if self.instance is not None and self.instance.pk:
                self.submission = Submission.objects.filter(page_id=self.instance.pk).first()

        def is_shown(self):
            return self.submission is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["submission"] = self.submission
            return context
