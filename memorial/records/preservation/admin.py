"""The fixity log in the Wagtail admin: a read-only listing of FixityCheck rows.

Rows are written only by `manage.py verify_fixity`; nobody adds, edits or deletes them
through the admin. Superusers and Archivists (core 0010: "Can view fixity check") read them.
"""

from django.contrib.auth import get_user_model
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from ..models import FixityCheck

WRITE_ACTIONS = {"add", "change", "delete"}


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Whatever the user's Django permissions say, only 'view' is ever granted."""

    def user_has_permission(self, user, action):
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        readable = [action for action in actions if action not in WRITE_ACTIONS]
        if not readable:
            return get_user_model().objects.none()
        return super().users_with_any_permission(readable)


class FixityCheckViewSet(ModelViewSet):
    model = FixityCheck
    icon = "tick-inverse"
    menu_label = "Fixity checks"
    add_to_admin_menu = True
    menu_order = 800
    list_display = ["path", "kind", "object_id", "outcome", "checked_at"]
    list_filter = ["outcome", "kind"]
    search_fields = ["path"]
    ordering = ["-checked_at", "-pk"]
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = []
    add_to_reference_index = False
