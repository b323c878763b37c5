"""Moderators edit what families sent, and nothing else.

Wagtail grants page permissions per part of the tree, and a remembrance lives under its
entry, so the Moderators group holds "change" on the whole tree. These hooks narrow it: a
person whose only staff group is Moderators may open the editor of a remembrance, never of
an entry, a testimony or any other page. Archivists and superusers are not affected.
"""

from django.core.exceptions import PermissionDenied
from wagtail import hooks

from .models import RemembrancePage
from .moderation import MODERATORS_GROUP


def only_a_moderator(user) -> bool:
    if user.is_superuser:
        return False
    groups = set(user.groups.values_list("name", flat=True))
    return groups == {MODERATORS_GROUP}


def refuse_other_pages(request, page) -> None:
    if only_a_moderator(request.user) and not isinstance(page.specific_deferred, RemembrancePage):
        raise PermissionDenied("Moderators may edit family remembrances only.")


@hooks.register("before_edit_page")
def moderators_edit_remembrances_only(request, page):
    refuse_other_pages(request, page)
