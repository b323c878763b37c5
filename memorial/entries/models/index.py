from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from memorial.core.caching import query_not_canonical
from memorial.core.names import ALPHABET, OTHER_INITIAL
from memorial.core.pages import BasePage, children_of


class MemorialIndexPage(BasePage):
    """A collection of memorial entries, browsed A–Z by family name."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="What this collection is, where its names come from, how complete it is.",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["entries.MemorialEntryPage"]
    cached_query_parameters = frozenset({"letter", "page"})

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "memorial collection"

    @classmethod
    def collections(cls):
        """The collections that hold entries: a translated collection holds none."""
        from memorial.core.i18n import default_locale_id

        return cls.objects.filter(locale_id=default_locale_id())

    def route(self, request, path_components):
        """An entry is found with its places and portrait in one query (Wagtail reads the
        child page, then its specific row, then each of those on first use)."""
        from .page import MemorialEntryPage

        if path_components:
            entry = (
                children_of(self, MemorialEntryPage)
                .filter(slug=path_components[0])
                .select_related("birth_place", "death_place", "portrait")
                .first()
            )
            if entry is not None:
                entry._cached_parent_obj = self
                return entry.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from .page import MemorialEntryPage

        context = super().get_context(request, *args, **kwargs)
        asked = request.GET.get("letter", "")
        letter = asked.upper()
        if letter not in ALPHABET and letter != OTHER_INITIAL:
            letter = ""
        if asked != letter:
            query_not_canonical(request)
        entries = (
            self.record_collection().public_children(MemorialEntryPage).order_by("sort_name", "pk")
        )
        if letter:
            entries = entries.filter(name_initial=letter)
        entries = entries.select_related("birth_place", "death_place", "portrait").prefetch_related(
            "portrait__renditions"
        )
        context.update(
            letters=[*ALPHABET, OTHER_INITIAL],
            current_letter=letter,
            entries_page=self.paginate(request, entries),
        )
        return context
