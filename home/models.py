from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from memorial.core.blocks import BODY_BLOCKS
from memorial.core.i18n import in_visitor_language
from memorial.core.pages import BasePage
from memorial.core.privacy import public_pages
from memorial.core.renditions import prefetch_stream_renditions


class HomePage(BasePage):
    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A few sentences on what this archive keeps and for whom.",
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "entries.MemorialIndexPage",
        "testimonies.TestimonyIndexPage",
        "galleries.GalleryIndexPage",
        "home.StandardPage",
        "insights.ArchiveNumbersPage",
    ]
    max_count = 1
    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        # /az/… and /ru/… start from the home page's translation (site.root_page.localized);
        # pages nobody translated yet are then found under the English home page.
        return self.route_to_default_locale(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from memorial.entries.models import MemorialEntryPage, MemorialIndexPage
        from memorial.testimonies.models import TestimonyPage

        context = super().get_context(request, *args, **kwargs)
        entries = public_pages(MemorialEntryPage.objects.all())
        testimonies = public_pages(TestimonyPage.objects.all())
        context.update(
            entry_count=entries.count(),
            testimony_count=testimonies.count(),
            latest_entries=list(
                entries.select_related("portrait", "birth_place", "death_place")
                .prefetch_related("portrait__renditions")
                .order_by("-first_published_at", "-pk")[:6]
            ),
            latest_testimonies=list(
                testimonies.prefetch_related("languages").order_by("-first_published_at", "-pk")[:3]
            ),
            collections=sorted(
                in_visitor_language(public_pages(MemorialIndexPage.collections())),
                key=lambda collection: collection.title.casefold(),
            ),
        )
        return context


class StandardPage(BasePage):
    """About, ethics, contact and other editorial pages."""

    intro = models.TextField(blank=True, help_text="One or two sentences shown under the title.")
    body = StreamField(BODY_BLOCKS, blank=True)

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "standard page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        prefetch_stream_renditions(self.body)
        return context


DEFAULT_RESEARCH_TERMS = """\
Material open to researchers only was entrusted to the archive on conditions set by the \
people who gave it. By accepting these terms you agree:

to use it only for research, teaching or remembrance, and not to publish names, recordings \
or passages from it without the archive's written permission;

not to copy recordings or transcripts out of the archive, nor to share your account;

to treat what you read and hear with care for the people it concerns, and to tell the \
archive of any error you find."""


@register_setting(icon="cog")
class ArchiveSettings(BaseGenericSetting):
    demo_notice = models.BooleanField(
        default=False,
        help_text="Show a notice on every page that the content is fictional demonstration "
        "data. Switched on by 'manage.py load_demo'.",
    )
    footer_text = models.TextField(
        blank=True,
        help_text="A short line for the footer, e.g. who runs the archive and how to reach them.",
    )
    contact_email = models.EmailField(blank=True)
    research_terms = models.TextField(
        default=DEFAULT_RESEARCH_TERMS,
        help_text="The terms of use a researcher accepts, once, before seeing material open "
        "to researchers only. Plain text; blank lines separate paragraphs.",
    )

    panels = [
        FieldPanel("demo_notice"),
        FieldPanel("footer_text"),
        FieldPanel("contact_email"),
        FieldPanel("research_terms"),
    ]

    class Meta:
        verbose_name = "archive settings"
