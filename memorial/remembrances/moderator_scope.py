"""Moderators edit what families sent, and nothing else.

Wagtail grants page permissions per part of the tree, and a remembrance lives under its
entry, so the Moderators group holds "change" on the whole tree. Every archive page asks
`ModeratorScopedPermissionTester` what a person may do with it (BasePage.
permissions_for_user), so every admin view that checks a page's permissions (edit,
preview, revisions, publish, move, delete, the explorer's actions) answers alike: a
moderator may touch a remembrance, never an entry, a testimony or any other page.

One exception, the moderator's other task: an entry a family proposed (/submit-a-name/)
may be opened in the editor (edited as a draft, its revisions read, approved or rejected
through the workflow, resubmitted after "Request changes") while it is unpublished and
waiting in a workflow task the moderator may act on. Nothing else about it is allowed
(publishing, moving, deleting, copying, adding under it), and once approved or published
it is an entry like any other.

Someone in Moderators who also holds page permissions through another group (an
archivist who moderates) keeps those; membership in a group without page permissions
(Researchers) does not widen a moderator's reach. Superusers are not affected.
"""

from django.utils.functional import cached_property
from wagtail.models import GroupPagePermission, PagePermissionTester, WorkflowState

from .moderation import MODERATORS_GROUP

MEMO = "_moderates_remembrances_only"


def moderates_remembrances_only(user) -> bool:
    """In Moderators, and granted no page permission by any other group (read once per
    user object: the explorer asks for every page it lists)."""
    if not user.is_active or user.is_superuser:
        return False
    if not hasattr(user, MEMO):
        in_moderators = user.groups.filter(name=MODERATORS_GROUP).exists()
        other_page_rights = (
            GroupPagePermission.objects.filter(group__user=user)
            .exclude(group__name=MODERATORS_GROUP)
            .exists()
        )
        setattr(user, MEMO, in_moderators and not other_page_rights)
    return getattr(user, MEMO)


def reviews_proposal(user, page) -> bool:
    """The page is an unpublished proposed entry waiting in a workflow task this user may act
    on (Wagtail's own test of who a task opens the editor to): the task in progress, or the
    one that asked for changes. The family cannot edit their proposal, so a moderator is
    the one who takes it up again and resubmits it."""
    from .models import Submission

    if page.live:
        return False
    task = _task_waited_in(page)
    return bool(task and task.user_can_access_editor(page, user) and Submission.proposed(page))


def _task_waited_in(page):
    state = page.current_workflow_state
    if state is None:
        return None
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES and state.current_task_state:
        return state.current_task_state.task.specific
    return page.current_workflow_task


class ModeratorScopedPermissionTester(PagePermissionTester):
    """Wagtail's answers, except that a moderator may do nothing to a non-remembrance but
    review a proposed entry (and that a copy never brings records into another language:
    memorial.core.copying)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        from .models import RemembrancePage

        model = page.specific_class or type(page)
        self.refused = moderates_remembrances_only(user) and not issubclass(model, RemembrancePage)

    @cached_property
    def refused_to_reviewer(self) -> bool:
        # `refused` first: only a moderator's non-remembrance costs the queries.
        return self.refused and not reviews_proposal(self.user, self.page)

    def can_copy_to(self, destination, recursive=False):
        from memorial.core.copying import may_copy_records_to

        if self.refused:
            return False
        return super().can_copy_to(destination, recursive) and may_copy_records_to(
            self.page, destination, recursive
        )


def _wagtails_answer_unless(refusal: str, name: str):
    """Wagtail's `name` check, answered False when the tester's `refusal` attribute is true."""

    def answer(self, *args, **kwargs):
        if getattr(self, refusal):
            return False
        return getattr(PagePermissionTester, name)(self, *args, **kwargs)

    answer.__name__ = name
    return answer


for _name in (
    "can_add_subpage",
    "can_delete",
    "can_unpublish",
    "can_publish",
    "can_lock",
    "can_unlock",
    "can_publish_subpage",
    "can_reorder_children",
    "can_move",
    "can_copy",
    "can_move_to",
):
    setattr(ModeratorScopedPermissionTester, _name, _wagtails_answer_unless("refused", _name))

# What reviewing a proposed entry needs: the editor (with the workflow's actions), preview,
# and its revisions.
for _name in ("can_edit", "can_view_revisions"):
    setattr(
        ModeratorScopedPermissionTester,
        _name,
        _wagtails_answer_unless("refused_to_reviewer", _name),
    )
