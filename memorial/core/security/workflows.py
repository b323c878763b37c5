"""What happens when a workflow is approved (Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION).

Moderators hold no permission to publish pages (core migration 0006): approving a family's
submission in the "Family submissions" workflow is their only way to make something public,
and that approval is the permission. Every other workflow publishes as Wagtail does, with
the approving user's own publish permission checked.
"""

from wagtail.workflows import publish_workflow_state


def publish_approved_workflow(workflow_state, user=None):
    from memorial.remembrances.moderation import WORKFLOW_NAME

    if workflow_state.workflow.name != WORKFLOW_NAME:
        return publish_workflow_state(workflow_state, user=user)
    revision = workflow_state.content_object.get_latest_revision()
    return revision.publish(user=user, skip_permission_checks=True)
