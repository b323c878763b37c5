from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import FixityCheck
from .preservation.admin import FixityCheckViewSet, ReadOnlyPermissionPolicy

register_permission_policy(FixityCheck, ReadOnlyPermissionPolicy(FixityCheck))


@hooks.register("register_admin_viewset")
def register_fixity_checks():
    return FixityCheckViewSet("fixity_checks")


@hooks.register("register_admin_urls")
def register_import_urls():
    from django.urls import path

    from . import import_views

    return [
        path("import-entries/", import_views.upload, name="records_import_upload"),
        path("import-entries/<int:job_id>/", import_views.job_detail, name="records_import_job"),
        path(
            "import-entries/<int:job_id>/confirm/",
            import_views.confirm,
            name="records_import_confirm",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    class ImportMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("records.add_importjob")

    return ImportMenuItem(
        "Import entries", reverse("records_import_upload"), icon_name="upload", order=205
    )
