"""Moderators edit what families sent, and nothing else.

Wagtail grants page permissions per part of the tree, and a remembrance lives under its
entry, so the Moderators group holds "change" on the whole tree. Every archive page asks
`ModeratorScopedPermissionTester` what a person may do with it (BasePage.
permissions_for_user), so every admin view that checks a page's permissions (edit,
preview, revisions, publish, move, delete, the explorer's actions) answers alike: a
moderator may touch a remembrance, never an entry, a testimony or any other page.

Someone in Moderators who also holds page permissions through another group (an
archivist who moderates) keeps those; membership in a group without page permissions
(Researchers) does not widen a moderator's reach. Superusers are not affected.
"""

from wagtail.models import GroupPagePermission, PagePermissionTester

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


class ModeratorScopedPermissionTester(PagePermissionTester):
    """Wagtail's answers, except that a moderator may do nothing to a non-remembrance (and
    that a copy never brings records into another language: memorial.core.copying)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        from .models import RemembrancePage

        model = page.specific_class or type(page)
        self.refused = moderates_remembrances_only(user) and not issubclass(model, RemembrancePage)

    def can_copy_to(self, destination, recursive=False):
        from memorial.core.copying import may_copy_records_to

        if self.refused:
            return False
        return super().can_copy_to(destination, recursive) and may_copy_records_to(
            self.page, destination, recursive
        )


def _refused_or_wagtails(name):
    def answer(self, *args, **kwargs):
        if self.refused:
            return False
        return getattr(PagePermissionTester, name)(self, *args, **kwargs)

    answer.__name__ = name
    return answer


for _name in (
    "can_add_subpage",
    "can_edit",
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
    "can_view_revisions",
):
    setattr(ModeratorScopedPermissionTester, _name, _refused_or_wagtails(_name))
