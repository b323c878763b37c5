from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import FixityCheck
from .preservation.admin import FixityCheckViewSet, ReadOnlyPermissionPolicy

register_permission_policy(FixityCheck, ReadOnlyPermissionPolicy(FixityCheck))


@hooks.register("register_admin_viewset")
def register_fixity_checks():
    return FixityCheckViewSet("fixity_checks")
