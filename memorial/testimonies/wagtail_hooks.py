from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from memorial.core.merge_views import MergeableViewSetMixin

from . import (
    transcript_admin,  # noqa: F401  (registers the transcript import hooks)
)
from .models import Keyword, TestimonyPage


class KeywordViewSet(MergeableViewSetMixin, SnippetViewSet):
    model = Keyword
    icon = "tag"
    menu_label = "Keywords"
    add_to_admin_menu = True
    menu_order = 230
    list_display = ["name", "broader"]
    search_fields = ["name", "scope_note"]
    # Filtered in the database (icontains): the search index holds the names alone.
    search_backend_name = None
    ordering = ["name"]

    def get_queryset(self, request):
        return Keyword.objects.select_related("broader")


class TestimonyFilterSet(PageListingViewSet.filterset_class):
    class Meta:
        model = TestimonyPage
        fields = ["access_level", "narrator_relation"]


class TestimonyListingViewSet(PageListingViewSet):
    model = TestimonyPage
    icon = "openquote"
    menu_label = "Testimonies"
    add_to_admin_menu = True
    menu_order = 220
    columns = [
        *PageListingViewSet.columns,
        Column("narrator_display", label="Narrator"),
        Column("access_level", label="Access", sort_key="access_level"),
        Column("embargo_until", label="Embargo until", sort_key="embargo_until"),
    ]
    filterset_class = TestimonyFilterSet


register_snippet(KeywordViewSet)


@hooks.register("register_admin_viewset")
def register_testimony_listing():
    return TestimonyListingViewSet("testimony_listing")


from . import consent_admin  # noqa: E402, F401  consent records, publish guard, log actions
