from django.conf import settings
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from memorial.core.caching import query_not_canonical
from memorial.core.pages import BasePage
from memorial.entries.models import Place

from .charts import bar_chart, place_map
from .statistics import archive_numbers, public_entries

PLACE_ROLES = {"born": "birth_place", "died": "death_place"}


class ArchiveNumbersPage(RoutablePageMixin, BasePage):
    """The archive in numbers: charts of the public entries and testimonies, and a map."""

    intro = models.TextField(
        blank=True,
        help_text="One or two sentences shown under the title, e.g. what the numbers count "
        "and that they include only what the public may see.",
    )

    parent_page_types = ["home.HomePage"]
    cached_query_parameters = frozenset({"role", "page"})  # the list of a place's people
    subpage_types = []
    max_count = 1
    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = gettext_lazy("archive in numbers page")

    def routes_showing(self, snippet) -> list[str]:
        """This page's routes that name a place (memorial.core.shown_snippets): no
        reference index knows them."""
        return self.routes_naming_places([snippet.pk]) if isinstance(snippet, Place) else []

    def routes_naming_places(self, place_ids) -> list[str]:
        """The charts, the map and the lists of these places' people."""
        lists = [self.reverse_subpage("place", args=[place_id]) for place_id in place_ids]
        return ["", self.reverse_subpage("map"), *lists]

    @path("")
    def numbers_view(self, request):
        numbers = archive_numbers()
        charts = [
            bar_chart(
                "death-years",
                _("People by year of death"),
                _("How many people in the archive died in each year, where the year is known."),
                numbers.death_years,
                headings=(_("Year of death"), _("People")),
            ),
            bar_chart(
                "ages",
                _("People by age at death"),
                _("How many people died at each age, in bands of ten years."),
                numbers.age_bands,
                headings=(_("Age at death"), _("People")),
            ),
            bar_chart(
                "death-places",
                _("Most frequent places of death"),
                _("The places where most people in the archive died."),
                numbers.death_places,
                headings=(_("Place of death"), _("People")),
                place_role="died",
            ),
            bar_chart(
                "birth-places",
                _("Most frequent places of birth"),
                _("The places where most people in the archive were born."),
                numbers.birth_places,
                headings=(_("Place of birth"), _("People")),
                place_role="born",
            ),
            bar_chart(
                "languages",
                _("Testimonies by language"),
                _("How many testimonies were recorded in each language."),
                numbers.languages,
                headings=(_("Language"), _("Testimonies")),
            ),
        ]
        return self.render(
            request,
            context_overrides={
                "numbers": numbers,
                "charts": [chart for chart in charts if chart.bars],
            },
        )

    @path("map/", name="map")
    def map_view(self, request):
        numbers = archive_numbers()
        return self.render(
            request,
            template="insights/archive_numbers_map.html",
            context_overrides={
                "numbers": numbers,
                "place_map": place_map(numbers.map_places),
                "tile_url": settings.MAP_TILE_URL,
            },
        )

    @path("places/<int:place_id>/", name="place")
    def place_view(self, request, place_id):
        place = get_object_or_404(Place, pk=place_id)
        role = request.GET.get("role", "")
        if role and role not in PLACE_ROLES:
            query_not_canonical(request)
        if role in PLACE_ROLES:
            where = Q(**{PLACE_ROLES[role]: place})
        else:
            role, where = "", Q(birth_place=place) | Q(death_place=place)
        entries = (
            public_entries()
            .filter(where)
            .select_related("portrait", "birth_place", "death_place")
            .prefetch_related("portrait__renditions")
            .order_by("sort_name", "pk")
        )
        return self.render(
            request,
            template="insights/archive_numbers_place.html",
            context_overrides={
                "place": place,
                "role": role,
                "entries_page": self.paginate(request, entries),
            },
        )
