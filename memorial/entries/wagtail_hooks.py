from django.contrib import messages
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from memorial.core.merge_views import MergeableViewSetMixin

from .models import MemorialEntryPage, Place


class PlaceViewSet(MergeableViewSetMixin, SnippetViewSet):
    model = Place
    icon = "site"
    menu_label = "Places"
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["name", "region", "other_names", "has_coordinates"]
    list_filter = ["region"]
    search_fields = ["name", "other_names", "region"]
    # Filtered in the database (icontains): SQLite's full-text backend fails on a search
    # limited to these fields once any place exists.
    search_backend_name = None
    ordering = ["name"]


class EntryFilterSet(PageListingViewSet.filterset_class):
    class Meta:
        model = MemorialEntryPage
        fields = ["sex", "name_initial", "access_level", "death_date_precision"]


class EntryListingViewSet(PageListingViewSet):
    """A flat listing of every entry, across collections, for archivists."""

    model = MemorialEntryPage
    icon = "user"
    menu_label = "Memorial entries"
    add_to_admin_menu = True
    menu_order = 200
    columns = [
        *PageListingViewSet.columns,
        Column("identifier", label="Identifier", sort_key="identifier"),
        Column("life_span", label="Life dates"),
        Column("sort_name", label="Sort name", sort_key="sort_name"),
    ]
    filterset_class = EntryFilterSet


register_snippet(PlaceViewSet)


@hooks.register("register_admin_viewset")
def register_entry_listing():
    return EntryListingViewSet("memorial_entries")


@hooks.register("after_edit_page")
def warn_of_ancestry_cycles_among_relatives(request, page):
    """Set by the entry form (MemorialEntryPageForm._check_ancestry): a cycle that does not
    pass through this person does not stop their edit, but the archivist hears of it."""
    if warning := getattr(page, "ancestry_warning", ""):
        messages.warning(request, warning)
