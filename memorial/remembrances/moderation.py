"""Moderation of family submissions: start the workflow, tell the submitter the outcome.

A submission's page is saved as a draft revision and sent to the "Family submissions"
workflow (created by migration 0003), whose one task is approval by the Moderators group.
Wagtail records every workflow step in the audit log; this module records the outcome on
the private Submission and writes to the submitter.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Workflow
from wagtail.signals import workflow_approved, workflow_rejected

from .models import Submission, SubmissionStatus

MODERATORS_GROUP = "Moderators"
WORKFLOW_NAME = "Family submissions"


def moderation_workflow() -> Workflow:
    return Workflow.objects.get(name=WORKFLOW_NAME)


def send_for_moderation(page, submission: Submission) -> None:
    """Save the page's first revision and start moderation; `submission.page` is set."""
    page.save_revision(log_action=True)
    submission.page = page
    submission.save(update_fields=["page"])
    moderation_workflow().start(page, user=None)


def _decide(workflow_state, status: str) -> None:
    submission = Submission.objects.filter(page_id=workflow_state.object_id).first()
    if submission is None or submission.status != SubmissionStatus.PENDING:
        return
    submission.status = status
    submission.decided_at = timezone.now()
    # A moderator's comment when rejecting (Wagtail's "Request changes" with a message) is
    # the reason the submitter is told; comments on approval stay internal.
    comment = getattr(workflow_state.current_task_state, "comment", "")
    if status == SubmissionStatus.REJECTED and comment and not submission.decision_message:
        submission.decision_message = comment
    submission.save(update_fields=["status", "decided_at", "decision_message"])
    tell_submitter(submission)


def tell_submitter(submission: Submission) -> None:
    context = {"submission": submission, "site_name": settings.WAGTAIL_SITE_NAME}
    send_mail(
        subject=render_to_string("remembrances/email/outcome_subject.txt", context).strip(),
        message=render_to_string("remembrances/email/outcome.txt", context),
        from_email=None,
        recipient_list=[submission.email],
    )


@receiver(workflow_approved)
def _approved(sender, instance, user=None, **kwargs):
    _decide(instance, SubmissionStatus.APPROVED)


@receiver(workflow_rejected)
def _rejected(sender, instance, user=None, **kwargs):
    _decide(instance, SubmissionStatus.REJECTED)
