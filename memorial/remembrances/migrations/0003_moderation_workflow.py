"""The Moderators group and the workflow every family submission goes through.

Moderators may use the admin, read submissions (the private submitter details) and edit,
approve or reject the draft pages made from them. The workflow is started on each
submitted page by memorial.remembrances.moderation, not assigned to a part of the tree, so
archivists' own edits are not sent to moderators.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
WORKFLOW = "Family submissions"
TASK = "A moderator approves"


def _permissions(apps, *labels):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for label in labels:
        app_label, codename = label.split(".")
        found.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return found


def create_moderation(apps, schema_editor):
    for app_label in ("wagtailcore", "remembrances"):
        config = apps.get_app_config(app_label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None

    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *_permissions(
            apps,
            "wagtailadmin.access_admin",
            "remembrances.view_submission",
            "remembrances.change_submission",
        )
    )
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for permission in _permissions(apps, "wagtailcore.change_page"):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission
            )

    if Workflow.objects.filter(name=WORKFLOW).exists():
        return
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.add(group)
    workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


def remove_moderation(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK).delete()
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("remembrances", "0002_submissions"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("home", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(create_moderation, remove_moderation)]
