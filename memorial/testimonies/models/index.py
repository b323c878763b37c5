from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from memorial.core.pages import BasePage


class TestimonyIndexPage(BasePage):
    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="How these testimonies were recorded and how to listen to them with care.",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["testimonies.TestimonyPage"]
    cached_query_parameters = frozenset({"page"})
    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "testimony collection"

    def get_context(self, request, *args, **kwargs):
        from memorial.core.pages import children_of
        from memorial.core.privacy import listed_pages

        from .page import TestimonyPage

        context = super().get_context(request, *args, **kwargs)
        # Closed testimonies are listed as restricted when their archivist allows it.
        testimonies = (
            listed_pages(children_of(self.record_collection(), TestimonyPage))
            .select_related("interview_place")
            .prefetch_related("languages")
            .order_by("title", "pk")
        )
        context["testimonies_page"] = self.paginate(request, testimonies, per_page=20)
        return context
