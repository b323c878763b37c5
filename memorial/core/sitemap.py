"""sitemap.xml: the public pages only, from the same helper as every other public surface."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .privacy import public_pages


class PublicPagesSitemap(Sitemap):
    limit = 10_000  # URLs per sitemap file; the index lists as many files as needed

    def items(self):
        root = self.get_wagtail_site().root_page
        pages = Page.objects.descendant_of(root, inclusive=True)
        return public_pages(pages).order_by("path").defer_streamfields().specific()


def _sitemaps(request):
    return {"pages": PublicPagesSitemap(request)}


def public_sitemap_index(request):
    return sitemap_views.index(request, _sitemaps(request), sitemap_url_name="sitemap_section")


def public_sitemap_section(request, section):
    return sitemap_views.sitemap(request, _sitemaps(request), section=section)


urlpatterns = [
    path("sitemap.xml", public_sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", public_sitemap_section, name="sitemap_section"),
]
