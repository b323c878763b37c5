"""The abstract page every archive page type builds on."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from wagtail.models import Page

from .privacy import public_pages


def children_of(page, model=None):
    """Child pages as a range on the tree path, which its index answers.

    Wagtail's `child_of` filters with LIKE, which PostgreSQL answers by reading every page.
    """
    start, end = page._get_children_path_interval(page.path)
    return (model or Page).objects.filter(depth=page.depth + 1, path__range=(start, end))


class BasePage(Page):
    """Shared behaviour: privacy-aware children and paginated listings."""

    class Meta:
        abstract = True

    def public_children(self, model=None):
        return public_pages(children_of(self, model))

    @staticmethod
    def paginate(request, queryset, per_page=None):
        """A page of results; a bad or too-large page number falls back to a valid page."""
        paginator = Paginator(queryset, per_page or settings.ARCHIVE_ENTRIES_PER_PAGE)
        return BasePage.paginate_with(request, paginator)

    @staticmethod
    def paginate_with(request, paginator):
        number = request.GET.get("page", 1)
        try:
            return paginator.page(number)
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage:
            return paginator.page(paginator.num_pages)
