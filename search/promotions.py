"""Editors' promoted results and the anonymous query log (Wagtail's search promotions).

The log is Wagtail's `Query` and `QueryDailyHits`: the words searched for and a count per
day, nothing about who searched (no address, account, session or time of day).
`manage.py searchpromotions_garbage_collect` drops daily counts older than
WAGTAILSEARCH_HITS_MAX_AGE days.
"""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from memorial.core.privacy import visible_ids

LOGGED_QUERY_LENGTH = 100


def promoted_results(text: str) -> list[SearchPromotion]:
    """Promotions editors chose for these words; promoted pages only while public."""
    promotions = list(
        SearchPromotion.objects.filter(query__query_string=" ".join(text.lower().split()))
        .select_related("page")
        .order_by("sort_order")
    )
    visible = visible_ids(Page, [promotion.page_id for promotion in promotions])
    return [
        promotion
        for promotion in promotions
        if promotion.page_id in visible or (promotion.page_id is None and promotion.link)
    ]


def log_search(text: str) -> None:
    if text and len(text) <= LOGGED_QUERY_LENGTH:
        Query.get(text).add_hit()
