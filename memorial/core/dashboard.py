"""The dashboard's "Awaiting your review", bounded: the latest few, and a link to them all.

Wagtail's panel lists every task the moderator may review, with no limit, and asks for each
row the status of its workflow's tasks: with thousands of family submissions waiting, the
dashboard read them all and asked thousands of queries. The panel here shows the latest
SHOWN, reads their tasks' statuses in two queries, and links to Wagtail's workflow report
("Awaiting my review") for the rest. Rows are built as Wagtail's panel builds them (8.0),
for its own template.
"""

import copy
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import AbstractGroupApprovalTask, Page, Revision, TaskState, WorkflowTask

SHOWN = 10
URL_NAMES = ("workflow_action", "workflow_preview", "revisions_compare")


class BoundedModerationPanel(WorkflowObjectsToModeratePanel):
    template_name = "core/admin/workflow_objects_to_moderate.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = {"states": [], "request": request, "csrf_token": parent_context["csrf_token"]}
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        reviewable = TaskState.objects.reviewable_by(request.user)
        states = list(
            reviewable.select_related(
                "revision", "revision__user", "workflow_state", "workflow_state__workflow"
            )
            .prefetch_related(
                "revision__content_object", "revision__content_object__latest_revision"
            )
            .order_by("-started_at", "-pk")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())[:SHOWN]
        )
        tasks_of = _tasks_with_status([state.workflow_state for state in states])
        actions_of = {}  # a group approval task's actions depend on the user's groups alone
        for state in states:
            obj = state.revision.content_object
            if not obj:
                continue  # its object was deleted (as Wagtail's panel skips it)
            _knows_its_workflow_state(obj, state)
            task = state.task.specific
            if not isinstance(task, AbstractGroupApprovalTask):
                actions = task.get_actions(obj, request.user)
            elif (actions := actions_of.get(task.pk)) is None:
                actions = actions_of[task.pk] = task.get_actions(obj, request.user)
            context["states"].append(_row(state, obj, actions, tasks_of[state.workflow_state_id]))
        total = reviewable.count()
        if total > len(states):
            context.update(_more(total))
        return context


def _knows_its_workflow_state(obj, state) -> None:
    """The row's object is told the workflow state read with the row, as Wagtail's own
    prefetch_workflow_states tells pages (its `_current_workflow_states`): a permission
    check on it (may this moderator open the editor?) asked for it again, three queries."""
    workflow_state = state.workflow_state
    if workflow_state.current_task_state_id == state.pk:
        workflow_state.current_task_state = state
    obj._current_workflow_states = [workflow_state]


def _row(state, obj, actions, workflow_tasks) -> dict:
    if isinstance(obj, Page):
        url_names = [f"wagtailadmin_pages:{name}" for name in URL_NAMES]
    else:  # snippets can have workflows too
        url_names = [obj.snippet_viewset.get_url_name(name) for name in URL_NAMES]
    action_url_name, preview_url_name, compare_url_name = url_names
    return {
        "obj": obj,
        "revision": state.revision,
        "previous_revision_id": state.previous_revision_id,
        "live_revision_id": obj.live_revision_id,
        "task_state": state,
        "actions": actions,
        "workflow_tasks": workflow_tasks,
        "workflow_action_url_name": action_url_name,
        "workflow_preview_url_name": (
            preview_url_name if getattr(obj, "is_previewable", False) else None
        ),
        "revisions_compare_url_name": compare_url_name,
    }


def _tasks_with_status(workflow_states) -> dict:
    """WorkflowState.all_tasks_with_status() for each of these, in two queries."""
    if getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
        # Only the task states of the latest revision count: Wagtail's own, per row.
        return {ws.pk: ws.all_tasks_with_status() for ws in workflow_states}
    tasks_of_workflow = defaultdict(list)
    links = WorkflowTask.objects.filter(workflow__in={ws.workflow_id for ws in workflow_states})
    for link in links.select_related("task").order_by("sort_order"):
        tasks_of_workflow[link.workflow_id].append(link.task)
    latest_status = {}
    task_states = TaskState.objects.filter(workflow_state__in=[ws.pk for ws in workflow_states])
    for ws_id, task_id, status in task_states.order_by("-started_at", "-id").values_list(
        "workflow_state_id", "task_id", "status"
    ):
        latest_status.setdefault((ws_id, task_id), status)
    labels = dict(TaskState.STATUS_CHOICES)
    result = {}
    for ws in workflow_states:
        result[ws.pk] = []
        for task in tasks_of_workflow[ws.workflow_id]:
            task = copy.copy(task)
            task.status = latest_status.get((ws.pk, task.pk))
            task.status_display = labels.get(task.status, _("Not started"))
            result[ws.pk].append(task)
    return result


def _more(total: int) -> dict:
    return {
        "more_text": ngettext(
            "The latest %(shown)s of %(total)s awaiting your review are shown.",
            "The latest %(shown)s of %(total)s awaiting your review are shown.",
            total,
        )
        % {"shown": SHOWN, "total": total},
        "more_link": _("See them all in the workflow report"),
        "more_url": reverse("wagtailadmin_reports:workflow") + "?reviewable=true",
    }
