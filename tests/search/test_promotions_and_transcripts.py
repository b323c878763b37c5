"""Editors' promoted results, the anonymous query log, and transcript passages."""

import pytest
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from ..factories import TestimonyPageFactory, TranscriptSegmentFactory

pytestmark = pytest.mark.django_db


def test_promoted_pages_lead_the_results_while_they_are_public(client, person):
    chosen = person("Okonkwo", given="Promoted")
    hidden = person("Okonkwo", given="Closed", access_level="staff")
    query = Query.get("Tessaro")
    SearchPromotion.objects.create(query=query, page=chosen, description="Start here", sort_order=0)
    SearchPromotion.objects.create(query=query, page=hidden, sort_order=1)
    html = client.get("/search/", {"q": "tessaro"}).content.decode()
    assert "Recommended by the archivists" in html
    assert "Promoted Okonkwo" in html and "Start here" in html
    assert "Closed Okonkwo" not in html


def test_the_query_log_counts_words_and_nothing_about_the_visitor(client, person):
    person("Tessaro")
    for _ in range(3):
        client.get("/search/", {"q": "Tessaro"}, REMOTE_ADDR="203.0.113.7")
    client.get("/search/", {"q": "Tessaro", "page": "2"})  # paging is not a new search
    logged = Query.objects.get()
    assert logged.query_string == "tessaro"
    assert QueryDailyHits.objects.get(query=logged).hits == 3
    fields = {field.name for model in (Query, QueryDailyHits) for field in model._meta.fields}
    assert fields == {"id", "query_string", "query", "date", "hits"}


def test_transcript_matches_show_highlighted_passages_with_their_time(client, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index, title="An account")
    TranscriptSegmentFactory(
        page=testimony, start_seconds=754, text="We hid in the Velmarin mill <b>all</b> winter."
    )
    testimony.save_revision().publish()
    html = client.get("/search/", {"q": "Velmarin", "type": "testimony"}).content.decode()
    assert "<mark>Velmarin</mark>" in html
    assert "&lt;b&gt;all&lt;/b&gt;" in html  # transcript text is escaped, only <mark> is ours
    assert "?t=754#t-754" in html and "12:34" in html


def test_a_passage_found_links_its_own_id_when_another_starts_in_the_same_second(
    client, testimony_index
):
    testimony = TestimonyPageFactory(parent=testimony_index, title="An account")
    TranscriptSegmentFactory(page=testimony, start_seconds=754, text="We left at dawn.")
    TranscriptSegmentFactory(page=testimony, start_seconds=754, text="The Velmarin mill burned.")
    testimony.save_revision().publish()
    html = client.get("/search/", {"q": "Velmarin", "type": "testimony"}).content.decode()
    assert "?t=754#t-754-2" in html
    page = client.get(testimony.url).content.decode()
    assert "Velmarin" in page.split('id="t-754-2"', 1)[1].split("</li>", 1)[0]


def test_everything_view_previews_testimonies_beside_people(client, person, testimony_index):
    person("Velmarin")
    TestimonyPageFactory(parent=testimony_index, title="Velmarin remembered")
    html = client.get("/search/", {"q": "Velmarin"}).content.decode()
    assert "Tamar Velmarin" in html and "Velmarin remembered" in html
    assert "All 1 testimonies found" in html
