"""Consent records in the admin: staff only (snippet permissions), never on a public page."""

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from memorial.core.lifecycle import CONSENT_WITHDRAWN, EMBARGO_LIFTED

from .consent import acting_user, before_copy_page, before_publish_page
from .models import ConsentRecord


class ActingUserMixin:
    def save_instance(self):
        with acting_user(self.request.user):
            return super().save_instance()


class ConsentCreateView(ActingUserMixin, CreateView):
    pass


class ConsentEditView(ActingUserMixin, EditView):
    pass


class ConsentRecordViewSet(SnippetViewSet):
    model = ConsentRecord
    icon = "clipboard-list"
    menu_label = "Consent records"
    add_to_admin_menu = True
    menu_order = 225
    add_view_class = ConsentCreateView
    edit_view_class = ConsentEditView
    list_display = [
        "testimony",
        Column("status", label="Status", accessor="get_status_display"),
        "consent_date",
        "review_date",
    ]
    list_filter = ["status"]
    search_fields = ["scope", "notes"]
    ordering = ["review_date", "pk"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return ConsentRecord.objects.select_related("testimony")


register_snippet(ConsentRecordViewSet)

hooks.register("before_publish_page", before_publish_page)
hooks.register("before_copy_page", before_copy_page)


@hooks.register("register_log_actions")
def register_access_log_actions(actions):
    actions.register_action(EMBARGO_LIFTED, "Lift embargo", "Embargo lifted")
    actions.register_action(CONSENT_WITHDRAWN, "Withdraw consent", "Consent withdrawn")
