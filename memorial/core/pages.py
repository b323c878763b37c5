"""The abstract page every archive page type builds on."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from wagtail.models import Page

from .privacy import public_pages


class BasePage(Page):
    """Shared behaviour: privacy-aware children and paginated listings."""

    class Meta:
        abstract = True

    def public_children(self, model=None):
        qs = (model or Page).objects.child_of(self)
        return public_pages(qs)

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
