"""Admin for moderators: the private Submission records next to the pages they became."""

from django.urls import reverse
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Submission


def _page_edit_url(submission):
    if submission.page_id is None:
        return None
    return reverse("wagtailadmin_pages:edit", args=[submission.page_id])


class SubmissionViewSet(SnippetViewSet):
    """Read what a family sent and who sent it; only the message to them can be written.

    The decision itself (approve, reject with a comment) is taken on the page, through the
    "Family submissions" workflow, which also records it in the audit log.
    """

    model = Submission
    icon = "mail"
    menu_label = "Family submissions"
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        TitleColumn(
            "submitter_name",
            label="Sent by",
            url_name="wagtailsnippets_remembrances_submission:edit",
        ),
        Column("kind", label="Kind", accessor="get_kind_display"),
        Column("status", label="Status", accessor="get_status_display"),
        DateColumn("created_at", label="Received"),
        TitleColumn("page_title", label="Draft page", accessor="page", get_url=_page_edit_url),
    ]
    list_filter = ["status", "kind"]
    ordering = ["-created_at"]
    search_fields = ["submitter_name", "email"]

    def get_queryset(self, request):
        return Submission.objects.select_related("page")

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("submitter_name", read_only=True),
                        FieldPanel("relationship", read_only=True),
                    ]
                ),
                FieldPanel("email", read_only=True),
                FieldRowPanel(
                    [
                        FieldPanel("may_publish_text", read_only=True),
                        FieldPanel("may_publish_photos", read_only=True),
                        FieldPanel("may_contact", read_only=True),
                    ]
                ),
            ],
            heading="Submitter (private: never published)",
        ),
        FieldPanel("status", read_only=True),
        FieldPanel("decision_message"),
    ]


register_snippet(SubmissionViewSet)
