from datetime import date

import pytest
from django.contrib.auth import get_user_model

from ..factories import (
    MemorialEntryPageFactory,
    TestimonyLanguageFactory,
    TestimonyMentionFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
)
from ..hidden_states import hide

pytestmark = pytest.mark.django_db


@pytest.fixture
def testimony(testimony_index, memorial_index):
    page = TestimonyPageFactory(
        parent=testimony_index,
        content_warning="Descriptions of loss (fictional).",
        summary="<p>Summarymarker of a fictional childhood.</p>",
    )
    TestimonyLanguageFactory(page=page, language="az")
    TranscriptSegmentFactory(page=page, start_seconds=754, text="Transcriptmarker by the river.")
    TestimonyMentionFactory(
        page=page, entry=MemorialEntryPageFactory(parent=memorial_index, given_name="Mentioned")
    )
    return page


def test_testimony_page_renders_transcript_mentions_and_languages(client, testimony):
    html = client.get(testimony.url).content.decode()
    assert "Transcriptmarker" in html
    assert 'id="t-754"' in html, "each timecoded segment has its own anchor"
    assert "12:34" in html
    assert "Mentioned" in html
    assert "Azerbaijani" in html


def test_content_warning_comes_before_the_content(client, testimony):
    html = client.get(testimony.url).content.decode()
    assert html.index("Descriptions of loss") < html.index("Summarymarker")
    assert html.index("Descriptions of loss") < html.index("Transcriptmarker")


@pytest.mark.parametrize(
    "restriction",
    [{"access_level": "researchers"}, {"access_level": "staff"}, {"embargo_until": "2999-01-01"}],
)
def test_restricted_testimony_shows_metadata_but_never_content(client, testimony, restriction):
    for field, value in restriction.items():
        setattr(testimony, field, value)
    testimony.save()
    response = client.get(testimony.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert testimony.title in html
    assert "Summarymarker" not in html
    assert "Transcriptmarker" not in html

    staff = get_user_model().objects.create_user("keeper", password="x", is_staff=True)
    client.force_login(staff)
    assert "Transcriptmarker" in client.get(testimony.url).content.decode()


@pytest.mark.parametrize("state", ["researchers", "staff", "embargoed"])
def test_closed_testimony_head_says_no_more_than_its_title(client, testimony_index, state):
    testimony = TestimonyPageFactory(
        parent=testimony_index,
        title="Openedtitle",
        restricted_listing="title",
        seo_title="Searchtitlemarker",
        search_description="Searchdescriptionmarker of the narrator's street",
    )
    hide(testimony, state)
    html = client.get(testimony.url).content.decode()
    assert "<title>Openedtitle · " in html
    assert "Searchtitlemarker" not in html
    assert "Searchdescriptionmarker" not in html

    staff = get_user_model().objects.create_user("keeper", password="x", is_staff=True)
    client.force_login(staff)
    html = client.get(testimony.url).content.decode()
    assert "<title>Searchtitlemarker · " in html
    assert 'content="Searchdescriptionmarker of the narrator' in html


def test_anonymous_narrator_is_never_named(client, testimony_index):
    page = TestimonyPageFactory(parent=testimony_index, narrator="", narrator_is_anonymous=True)
    assert "Anonymous narrator" in client.get(page.url).content.decode()


def test_an_anonymous_narrators_name_in_a_speaker_label_is_shown_as_narrator(
    client, testimony_index
):
    page = TestimonyPageFactory(
        parent=testimony_index,
        narrator="",
        narrator_is_anonymous=True,
        interviewer="Tovel Arnsk",
    )
    TranscriptSegmentFactory(page=page, speaker="Interviewer", text="Where?")
    TranscriptSegmentFactory(page=page, speaker="Tovel Arnsk", text="And then?")
    TranscriptSegmentFactory(page=page, speaker="Maren Oskeli", text="By the river.")
    html = client.get(page.url).content.decode()
    assert "Maren Oskeli" not in html
    assert '<span class="transcript__speaker">Narrator</span>' in html
    assert '<span class="transcript__speaker">Interviewer</span>' in html
    assert '<span class="transcript__speaker">Tovel Arnsk</span>' in html
    russian = html_in_russian(client, page)
    assert "Maren Oskeli" not in russian
    assert '<span class="transcript__speaker">Рассказчик</span>' in russian


def test_a_named_narrators_speaker_labels_are_left_alone(client, testimony):
    TranscriptSegmentFactory(page=testimony, speaker="Maren Oskeli", text="By the river.")
    html = client.get(testimony.url).content.decode()
    assert '<span class="transcript__speaker">Maren Oskeli</span>' in html


def test_index_lists_public_testimonies_and_closed_ones_only_when_allowed(client, testimony_index):
    TestimonyPageFactory(parent=testimony_index, title="Openaccount")
    TestimonyPageFactory(
        parent=testimony_index,
        title="Closedaccount",
        access_level="staff",
        restricted_listing="hidden",
    )
    TestimonyPageFactory(parent=testimony_index, title="Listedaccount", access_level="staff")
    TestimonyPageFactory(parent=testimony_index, title="Draftaccount", live=False)
    html = client.get(testimony_index.url).content.decode()
    assert "Openaccount" in html
    assert "Listedaccount" in html  # as restricted, by title (the default)
    assert "Closedaccount" not in html
    assert "Draftaccount" not in html


def test_dates_in_russian_have_the_month_as_it_reads_after_a_day(client, testimony_index):
    recorded = TestimonyPageFactory(parent=testimony_index, interview_date=date(1942, 5, 14))
    closed = TestimonyPageFactory(parent=testimony_index, embargo_until=date(2999, 3, 2))
    assert '<time datetime="1942-05-14">14 мая 1942</time>' in html_in_russian(client, recorded)
    assert '<time datetime="2999-03-02">2 марта 2999</time>' in html_in_russian(client, closed)


def html_in_russian(client, page):
    response = client.get(f"/ru{page.url}")
    assert response.status_code == 200
    return response.content.decode()


def test_an_anonymous_narrator_and_a_withheld_passage_are_named_in_the_visitors_language(
    client, testimony_index
):
    page = TestimonyPageFactory(parent=testimony_index, narrator="", narrator_is_anonymous=True)
    TestimonyLanguageFactory(page=page, language="de")
    TranscriptSegmentFactory(
        page=page, text="Secretmarker.", withheld=True, withheld_reason="names a living person"
    )
    html = html_in_russian(client, page)
    assert "Anonymous narrator" not in html and "[passage withheld]" not in html
    assert "Анонимный рассказчик" in html
    assert '<p class="transcript__withheld" lang="ru" dir="ltr">[фрагмент закрыт]</p>' in html
    card = client.get(f"/ru{testimony_index.url}").content.decode()
    assert "Анонимный рассказчик" in card
