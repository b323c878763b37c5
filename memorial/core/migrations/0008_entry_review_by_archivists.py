"""Archivists, not Moderators, review what is submitted for moderation in the archive tree.

Wagtail's own migrations gave the root a "Moderators approval" workflow, for the group that
could publish pages then. Core 0006 narrowed Moderators to family remembrances, so an entry,
testimony or gallery an archivist submitted for moderation went to people who may not open
it, and only a superuser could finish it. The task now goes to the Archivists. Family
submissions keep their own workflow (remembrances 0003), which Moderators approve.
"""

from django.db import migrations

ARCHIVISTS = "Archivists"
MODERATORS = "Moderators"
WAGTAIL_DEFAULT_NAME = "Moderators approval"
NEW_NAME = "Archivists approval"


def review_by_archivists(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    archivists = Group.objects.filter(name=ARCHIVISTS).first()
    moderators = Group.objects.filter(name=MODERATORS).first()
    if archivists is None or moderators is None:
        return
    # Workflows assigned to a part of the tree; the family one is started per submission.
    assigned = WorkflowPage.objects.values("workflow_id")
    task_ids = WorkflowTask.objects.filter(workflow_id__in=assigned).values("task_id")
    for task in GroupApprovalTask.objects.filter(pk__in=task_ids, groups=moderators):
        task.groups.remove(moderators)
        task.groups.add(archivists)
        if task.name == WAGTAIL_DEFAULT_NAME:
            task.name = NEW_NAME
            task.save(update_fields=["name"])
        for link in WorkflowTask.objects.filter(task_id=task.pk).select_related("workflow"):
            if link.workflow.name == WAGTAIL_DEFAULT_NAME:
                link.workflow.name = NEW_NAME
                link.workflow.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_owed_cache_renewal"),
        ("core", "0006_least_privilege_groups"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(review_by_archivists, migrations.RunPython.noop)]
