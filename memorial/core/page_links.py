"""Rich-text links to pages, given an address only when a visitor may follow it."""

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .privacy import visible_ids


class PublicPageLinkHandler(PageLinkHandler):
    """Wagtail's page links, except that a link to a page the public may not see (a draft, a
    closed or embargoed person, a private section) keeps its words and loses its address:
    a person's address is made of their name.

    Rich text has no request, so staff previews show such links without an address too.
    """

    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Page | None]:
        pages = super().get_many(attrs_list)
        public = visible_ids(Page, [page.pk for page in pages if page is not None])
        return [page if page is not None and page.pk in public else None for page in pages]
