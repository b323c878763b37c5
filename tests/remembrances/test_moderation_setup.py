"""The Moderators group and the workflow family submissions go through exist from migration."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, GroupPagePermission

from memorial.remembrances.moderation import MODERATORS_GROUP, moderation_workflow

pytestmark = pytest.mark.django_db


def test_moderators_may_use_the_admin_read_submissions_and_edit_pages():
    group = Group.objects.get(name=MODERATORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_submission", "change_submission"} <= codenames
    assert "delete_submission" not in codenames
    assert GroupPagePermission.objects.filter(
        group=group, page__depth=1, permission__codename="change_page"
    ).exists()


def test_the_family_workflow_is_one_approval_by_moderators():
    workflow = moderation_workflow()
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1 and isinstance(tasks[0], GroupApprovalTask)
    assert list(tasks[0].groups.values_list("name", flat=True)) == [MODERATORS_GROUP]
