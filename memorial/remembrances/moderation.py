"""Moderation of family submissions: start the workflow, tell the submitter the outcome.

A submission's page is saved as a draft revision and sent to the "Family submissions"
workflow (created by migration 0003), whose one task is approval by the Moderators group.
Wagtail records every workflow step in the audit log; this module records the outcome on
the private Submission and writes to the submitter.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import TaskState, Workflow, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from .models import Submission, SubmissionStatus

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Moderators"
WORKFLOW_NAME = "Family submissions"

# Wagtail's "reject" on a group approval task is "Request changes": the workflow waits, and
# the moderator may edit, resume and approve it after all. So a refusal the submitter was
# told of can still become an approval; an approval is final.
_DECISIONS_STILL_OPEN = {
    SubmissionStatus.PENDING: {SubmissionStatus.APPROVED, SubmissionStatus.REJECTED},
    SubmissionStatus.REJECTED: {SubmissionStatus.APPROVED},
}


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
    if submission is None or status not in _DECISIONS_STILL_OPEN.get(submission.status, ()):
        return
    if status == SubmissionStatus.APPROVED and _is_a_reason_for_changes(
        workflow_state, submission.decision_message
    ):
        submission.decision_message = ""  # the reason for the refusal, not for the approval
    submission.status = status
    submission.decided_at = timezone.now()
    # A moderator's comment when rejecting (Wagtail's "Request changes" with a message) is
    # the reason the submitter is told; comments on approval stay internal.
    comment = getattr(workflow_state.current_task_state, "comment", "")
    if status == SubmissionStatus.REJECTED and comment and not submission.decision_message:
        submission.decision_message = comment
    submission.save(update_fields=["status", "decided_at", "decision_message"])
    # Told once the decision is committed, so a rolled-back one is never told; a mail
    # failure then is logged and cannot undo the moderator's decision.
    transaction.on_commit(lambda: _tell_submitter_or_log(submission))


def _is_a_reason_for_changes(workflow_state, message: str) -> bool:
    """Whether `message` is the comment a moderator gave when requesting changes."""
    return bool(message) and (
        TaskState.objects.filter(
            workflow_state__base_content_type_id=workflow_state.base_content_type_id,
            workflow_state__object_id=workflow_state.object_id,
            status=TaskState.STATUS_REJECTED,
            comment=message,
        ).exists()
    )


def _tell_submitter_or_log(submission: Submission) -> None:
    try:
        tell_submitter(submission)
    except Exception:
        logger.exception("Could not tell the submitter of submission %s the outcome", submission.pk)


def moderator_addresses() -> list[str]:
    """Who is told of a new family submission: the Moderators group, and superusers when
    Wagtail would tell them of any submission (WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS)."""
    who = Q(groups__name=MODERATORS_GROUP)
    if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
        who |= Q(is_superuser=True)
    users = get_user_model().objects.filter(who, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _made_from_a_submission(object_id) -> bool:
    return Submission.objects.filter(page_id=object_id).exists()


def _unless_made_from_a_submission(notifier, workflow_state_of):
    """Wagtail's "submitted for moderation" mail, except for a family submission's page:
    that one is announced by our own note, which says who sent what."""

    def notify(sender, instance, **kwargs):
        if _made_from_a_submission(workflow_state_of(instance).object_id):
            return None
        return notifier(sender=sender, instance=instance, **kwargs)

    return notify


def replace_wagtail_submission_mails() -> None:
    """Put our filtered notifiers in the place of Wagtail's two submission notifiers.

    They take Wagtail's dispatch_uid, so this works before or after wagtail.admin's ready():
    a receiver Wagtail connects later under the same uid is ignored.
    """
    from wagtail.admin import signal_handlers as wagtail_mail

    for signal, sender, uid, notifier, state_of in (
        (
            task_submitted,
            TaskState,
            "group_approval_task_submitted_email_notification",
            wagtail_mail.task_submission_email_notifier,
            lambda task_state: task_state.workflow_state,
        ),
        (
            workflow_submitted,
            WorkflowState,
            "workflow_state_submitted_email_notification",
            wagtail_mail.workflow_submission_email_notifier,
            lambda workflow_state: workflow_state,
        ),
    ):
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(
            _unless_made_from_a_submission(notifier, state_of),
            sender=sender,
            dispatch_uid=uid,
            weak=False,
        )


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
