from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.views.home import LockedPagesPanel, WorkflowObjectsToModeratePanel
from wagtail.contrib.simple_translation import wagtail_hooks as simple_translation_hooks
from wagtail.log_actions import LogFormatter

from . import merging, shown_snippet_dates
from .dashboard import BoundedModerationPanel
from .files import admin_urls
from .files.document_links import PrivateDocumentLinkHandler
from .files.visibility import refuse_hidden_document
from .page_links import PublicPageLinkHandler
from .translation import is_record
from .translation_views import TranslateEditorialPageView


@hooks.register("register_admin_urls")
def register_protected_file_admin_urls():
    return admin_urls.urlpatterns


hooks.register("before_serve_document", refuse_hidden_document)


@hooks.register("register_log_actions")
def register_shown_snippet_log_action(actions):
    @actions.register_action(shown_snippet_dates.SNIPPET_CHANGED)
    class ShownSnippetFormatter(LogFormatter):
        label = "A place or keyword it shows changed"

        def format_message(self, log_entry):
            data = log_entry.data
            kind = data.get("kind", "place or keyword")
            return f"The {kind} it shows changed: “{data.get('snippet', '')}”"


@hooks.register("register_log_actions")
def register_merge_log_action(actions):
    @actions.register_action(merging.MERGE_ACTION)
    class MergeFormatter(LogFormatter):
        label = "Merge a duplicate"

        def format_message(self, log_entry):
            data = log_entry.data
            return f"Merged “{data['duplicate']['title']}” into “{data['kept']['title']}”"


# Ahead of simple_translation's own URLs, so its address reaches the view that refuses
# records (memorial.core.translation).
@hooks.register("register_admin_urls", order=-1)
def register_translation_admin_urls():
    return [
        path(
            "translation/submit/page/<int:page_id>/",
            TranslateEditorialPageView.as_view(),
            name="translate_editorial_page",
        )
    ]


@hooks.register("construct_page_chooser_queryset")
def chooser_pages_with_their_status(pages, request):
    """The page chooser shows each page's status; without these, every row asked for its
    scheduled revision and its workflow (two queries a row, as Wagtail's explorer avoids)."""
    return pages.annotate_approved_schedule().prefetch_workflow_states()


class LockedPagesWithStatusPanel(LockedPagesPanel):
    """The dashboard's "Your locked pages", each page's status read with the list: Wagtail's
    own asked two queries a page (after a batch of edits, hundreds)."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pages = context["locked_pages"]
        context["locked_pages"] = pages.annotate_approved_schedule().prefetch_workflow_states()
        return context


@hooks.register("construct_homepage_panels")
def locked_pages_with_their_status(request, panels):
    panels[:] = [
        LockedPagesWithStatusPanel() if type(panel) is LockedPagesPanel else panel
        for panel in panels
    ]


@hooks.register("construct_homepage_panels")
def moderation_queue_bounded(request, panels):
    panels[:] = [
        BoundedModerationPanel() if type(panel) is WorkflowObjectsToModeratePanel else panel
        for panel in panels
    ]


@hooks.register("construct_page_listing_buttons")
def hide_translate_on_records(buttons, page, user, context=None):
    if not is_record(page):
        return
    refused = reverse("simple_translation:submit_page_translation", args=[page.pk])
    for button in buttons:
        if hasattr(button, "dropdown_buttons"):
            button.dropdown_buttons[:] = [b for b in button.dropdown_buttons if b.url != refused]
    buttons[:] = [b for b in buttons if getattr(b, "url", None) != refused]


def header_buttons_without_record_translation(page, user, view_name, next_url=None):
    """simple_translation's header buttons (its "Translate"), except on a record."""
    if is_record(page):
        return []
    return simple_translation_hooks.page_header_buttons(
        page=page, user=user, view_name=view_name, next_url=next_url
    )


def _replace_header_button_hook():
    # Wagtail has no hook to change another app's header buttons and no way to unregister
    # a hook, so simple_translation's entry is swapped for the wrapper above (importing its
    # module first registers it, once).
    registered = hooks._hooks["register_page_header_buttons"]
    for position, (function, order) in enumerate(registered):
        if function is simple_translation_hooks.page_header_buttons:
            registered[position] = (header_buttons_without_record_translation, order)


_replace_header_button_hook()


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own link types
def links_to_public_pages_only(features):
    features.register_link_type(PublicPageLinkHandler)
    features.register_link_type(PrivateDocumentLinkHandler)
