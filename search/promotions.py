"""Editors' promoted results and the anonymous query log (Wagtail's search promotions).

The log is Wagtail's `Query` and `QueryDailyHits`: the words searched for and a count per
day, nothing about who searched (no address, account, session or time of day).
`manage.py searchpromotions_garbage_collect` drops daily counts older than
WAGTAILSEARCH_HITS_MAX_AGE days.
"""

from django.db import connection
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
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
    """Count one search for these words today: one upsert instead of Wagtail's read-then-save
    (`Query.add_hit`), which also loses a hit when two processes count the same words at once."""
    if not text or len(text) > LOGGED_QUERY_LENGTH:
        return
    query = Query.get(text)
    table = connection.ops.quote_name(QueryDailyHits._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (query_id, date, hits) VALUES (%s, %s, 1) "
            f"ON CONFLICT (query_id, date) DO UPDATE SET hits = {table}.hits + 1",
            [query.pk, timezone.now().date()],  # the day as Wagtail counts it,
        )
