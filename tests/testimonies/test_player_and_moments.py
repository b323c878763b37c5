"""The testimony page (transcript, moments, recording, restriction) and an entry's moments."""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import inline_formset

from memorial.core.models import ArchiveMedia
from memorial.testimonies.models import TestimonyPage
from memorial.testimonies.moments import public_moments_for_entry

from ..admin_forms import interview_form
from ..factories import (
    KeywordFactory,
    MemorialEntryPageFactory,
    PlaceFactory,
    TestimonyLanguageFactory,
    TestimonyMentionFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def staff_client(django_user_model):
    staff = Client()
    staff.force_login(django_user_model.objects.create_user("keeper", password="x", is_staff=True))
    return staff


def recording(name="fictional-account.mp3"):
    media = ArchiveMedia(title=name, type="audio", collection=Collection.get_first_root_node())
    media.file.save(name, ContentFile(b"ID3 fictional tone"), save=False)
    media.save()
    return media


def url_for(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def segment_li(html, anchor):
    match = re.search(rf'<li [^>]*id="{anchor}"[^>]*>', html)
    assert match, f"no segment with id {anchor}"
    return match.group(0)


def current_segments(html):
    return re.findall(r'<li [^>]*aria-current="true"[^>]*>', html)


@pytest.fixture
def testimony(testimony_index):
    page = TestimonyPageFactory(parent=testimony_index, media=recording())
    TestimonyLanguageFactory(page=page, language="en")
    TranscriptSegmentFactory(page=page, start_seconds=0, end_seconds=60, text="Openingmarker.")
    TranscriptSegmentFactory(page=page, start_seconds=754, end_seconds=800, text="Rivermarker.")
    TranscriptSegmentFactory(page=page, start_seconds=900, end_seconds=None, text="Lastmarker.")
    return page


# Withheld passages ----------------------------------------------------------------------
# A passage withheld without a time (an imported text, say) is still spoken in the recording.
@pytest.fixture(params=[30, None], ids=["timed", "untimed"])
def redacted(request, testimony_index, memorial_index):
    page = TestimonyPageFactory(parent=testimony_index, media=recording())
    TranscriptSegmentFactory(page=page, start_seconds=0, text="Openpassage.")
    withheld = TranscriptSegmentFactory(
        page=page,
        start_seconds=request.param,
        text="Secretmarker about a neighbour.",
        withheld=True,
        withheld_reason="Reasonmarker: names a living person",
    )
    withheld.people.add(MemorialEntryPageFactory(parent=memorial_index, given_name="Hiddenperson"))
    withheld.keywords.add(KeywordFactory(name="Hiddenkeyword"))
    withheld.save()
    return page


def test_a_withheld_passage_never_reaches_a_visitor(client, redacted):
    html = client.get(redacted.url).content.decode()
    assert "Openpassage" in html
    assert "[passage withheld]" in html
    for secret in ["Secretmarker", "Reasonmarker", "Hiddenperson", "Hiddenkeyword"]:
        assert secret not in html, f"{secret} leaked to a visitor"
    anchor = "t-30" if redacted.segments.get(withheld=True).start_seconds else "segment-2"
    assert "transcript__segment--withheld" in segment_li(html, anchor)


def test_staff_read_a_withheld_passage_with_its_reason(staff_client, redacted):
    html = staff_client.get(redacted.url).content.decode()
    assert "Secretmarker" in html
    assert "Withheld from the public: Reasonmarker: names a living person" in html
    assert "Hiddenperson" in html


def test_visitors_get_no_recording_while_passages_are_withheld(client, staff_client, redacted):
    original = redacted.media.url
    html = client.get(redacted.url).content.decode()
    assert "The recording is not available while parts of it are withheld" in html
    assert original not in html and "<audio" not in html

    staff_html = staff_client.get(redacted.url).content.decode()
    assert original in staff_html and "<audio" in staff_html


def test_an_embedded_player_is_left_out_everywhere_while_passages_are_withheld(client, redacted):
    embed_url = "https://video.example.org/watch?v=fictional"
    redacted.media, redacted.media_embed_url = None, embed_url
    redacted.save()
    html = client.get(redacted.url).content.decode()
    assert "The recording is not available while parts of it are withheld" in html
    assert embed_url not in html  # neither the player nor the JSON-LD's embedUrl
    api = client.get(f"/api/v2/pages/{redacted.pk}/", {"fields": "recording_embed_url"}).json()
    assert api["recording_embed_url"] is None


def test_visitors_get_the_edited_copy_and_staff_the_original(client, django_user_model, redacted):
    redacted.public_media = recording("edited-copy.mp3")
    redacted.save()
    html = client.get(redacted.url).content.decode()
    assert redacted.public_media.url in html
    assert redacted.media.url not in html
    assert "not available while parts of it are withheld" not in html


# Moments: ?t= and #t-N ----------------------------------------------------------------
def test_a_recording_in_a_private_collection_is_left_out_for_visitors(
    client, staff_client, testimony
):
    private = Collection.get_first_root_node().add_child(name="Private recordings")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    testimony.media.collection = private
    testimony.media.save()
    file_url = testimony.media.url
    assert client.get(file_url).status_code == 404

    html = client.get(testimony.url).content.decode()
    assert "<audio" not in html and file_url not in html
    assert "The recording is not available." in html
    assert "Openingmarker" in html
    api = client.get(f"/api/v2/pages/{testimony.pk}/").json()
    assert api["recording"] is None

    staff_html = staff_client.get(testimony.url).content.decode()
    assert "<audio" in staff_html and file_url in staff_html


def test_timecodes_link_to_their_moment(client, testimony):
    html = client.get(testimony.url).content.decode()
    assert 'href="?t=754#t-754"' in html
    assert 'data-seek="754"' in html
    assert "Link to this moment" in html
    assert current_segments(html) == [], "nothing is current without ?t="


def test_passages_starting_in_the_same_second_have_ids_of_their_own(client, testimony):
    TranscriptSegmentFactory(page=testimony, start_seconds=754, end_seconds=760, text="Second.")
    TranscriptSegmentFactory(page=testimony, start_seconds=754, end_seconds=780, text="Third.")
    html = client.get(testimony.url).content.decode()
    ids = re.findall(r'<li [^>]*id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), ids
    # The first keeps the id links already point to; the others follow it, in order.
    assert "Rivermarker." in html.split('id="t-754"', 1)[1].split("</li>", 1)[0]
    assert "Second." in html.split('id="t-754-2"', 1)[1].split("</li>", 1)[0]
    assert "Third." in html.split('id="t-754-3"', 1)[1].split("</li>", 1)[0]
    assert 'href="?t=754#t-754-2"' in html and 'href="?t=754#t-754-3"' in html


@pytest.mark.parametrize(
    ("second", "anchor"),
    [(754, "t-754"), (770, "t-754"), (800, "t-754"), (0, "t-0"), (5000, "t-900")],
)
def test_t_marks_the_segment_at_or_containing_that_second(client, testimony, second, anchor):
    html = client.get(f"{testimony.url}?t={second}").content.decode()
    current = current_segments(html)
    assert len(current) == 1
    assert f'id="{anchor}"' in current[0]
    assert "is-current" in current[0]
    assert re.search(rf'<source src="[^"]+#t={second}"', html), "the player starts there"


def test_t_in_a_gap_of_the_transcript_marks_nothing_but_still_starts_the_player(client, testimony):
    html = client.get(f"{testimony.url}?t=700").content.decode()
    assert current_segments(html) == []
    assert re.search(r'<source src="[^"]+#t=700"', html)


@pytest.mark.parametrize("junk", ["abc", "-5", "12.5", "1e3", "99999999", "７５４", "", "754x"])
def test_junk_t_is_ignored(client, testimony, junk):
    response = client.get(testimony.url, {"t": junk})
    assert response.status_code == 200
    html = response.content.decode()
    assert current_segments(html) == []
    assert "#t=" not in html


def test_a_restricted_testimony_ignores_t_and_shows_no_player(client, testimony):
    testimony.access_level = "staff"
    testimony.save()
    html = client.get(f"{testimony.url}?t=754").content.decode()
    assert "Rivermarker" not in html and "<audio" not in html and "#t=" not in html


def test_a_deep_link_still_shows_the_content_warning_first(client, testimony):
    testimony.content_warning = "Warningmarker (fictional)."
    testimony.save()
    html = client.get(f"{testimony.url}?t=754").content.decode()
    assert html.index("Warningmarker") < html.index("Rivermarker")
    gate = html.index("<details")
    assert gate < html.index('id="t-754"')
    assert "<details open" not in html, "the gate stays closed until the reader continues"


def test_captions_and_download_appear_only_when_the_vtt_url_exists(client, testimony):
    html = client.get(testimony.url).content.decode()
    vtt_url = url_for("testimony_transcript_vtt", testimony.pk)
    if vtt_url:
        assert f'<track kind="captions" src="{vtt_url}" srclang="en" label="Transcript">' in html
        assert "Download the transcript (WebVTT)" in html
    else:
        assert "<track" not in html and "WebVTT" not in html


# Per-segment index --------------------------------------------------------------------
def test_segment_index_shows_public_people_only(client, testimony, memorial_index):
    segment = testimony.segments.get(start_seconds=754)
    segment.people.add(
        MemorialEntryPageFactory(parent=memorial_index, given_name="Publicperson"),
        MemorialEntryPageFactory(parent=memorial_index, given_name="Draftperson", live=False),
        MemorialEntryPageFactory(
            parent=memorial_index, given_name="Staffperson", access_level="staff"
        ),
        MemorialEntryPageFactory(
            parent=memorial_index, given_name="Embargoperson", embargo_until="2999-01-01"
        ),
    )
    segment.keywords.add(KeywordFactory(name="Harvest time"))
    segment.places.add(PlaceFactory(name="Fictional Ford"))
    segment.save()
    html = client.get(testimony.url).content.decode()
    assert "Publicperson" in html
    for hidden in ["Draftperson", "Staffperson", "Embargoperson"]:
        assert hidden not in html, f"{hidden} must not be named"
    assert f"{reverse('search')}?q=Harvest%20time" in html
    assert "Fictional Ford" in html


def build_testimony(testimony_index, memorial_index, n):
    """A testimony with n indexed segments, each naming people, subjects and places."""
    page = TestimonyPageFactory(parent=testimony_index, media=recording())
    for index in range(n):
        segment = TranscriptSegmentFactory(page=page, start_seconds=index * 60)
        segment.people.add(
            MemorialEntryPageFactory(parent=memorial_index),
            MemorialEntryPageFactory(parent=memorial_index, live=False),
        )
        segment.keywords.add(KeywordFactory())
        segment.places.add(PlaceFactory())
        segment.save()
    return page


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_testimony_page_queries_do_not_grow_with_the_transcript(
    client, testimony_index, memorial_index
):
    small = build_testimony(testimony_index, memorial_index, 1)
    large = build_testimony(testimony_index, memorial_index, 12)
    assert count_queries(client, large.url) == count_queries(client, small.url)


# The entry's "Mentioned in testimonies" ------------------------------------------------
@pytest.fixture
def mentioned(testimony_index, memorial_index):
    """An entry named in several testimonies, at page level and in passages."""
    entry = MemorialEntryPageFactory(parent=memorial_index, given_name="Remembered")

    spoken = TestimonyPageFactory(parent=testimony_index, title="Account of the mill")
    for start, withheld in [(754, False), (900, False), (1000, True)]:
        segment = TranscriptSegmentFactory(
            page=spoken,
            start_seconds=start,
            withheld=withheld,
            withheld_reason="fictional reason" if withheld else "",
        )
        segment.people.add(entry)
        segment.save()

    listed = TestimonyPageFactory(parent=testimony_index, title="Account of the bridge")
    TestimonyMentionFactory(page=listed, entry=entry)

    only_withheld = TestimonyPageFactory(parent=testimony_index, title="Account withheldonly")
    secret = TranscriptSegmentFactory(
        page=only_withheld, start_seconds=42, withheld=True, withheld_reason="fictional"
    )
    secret.people.add(entry)
    secret.save()

    closed = TestimonyPageFactory(
        parent=testimony_index, title="Account closedmarker", access_level="researchers"
    )
    TestimonyMentionFactory(page=closed, entry=entry)
    return entry, spoken, listed


def test_moments_for_an_entry_skip_withheld_passages_and_closed_testimonies(mentioned):
    entry, spoken, listed = mentioned
    found = {item.testimony.pk: item for item in public_moments_for_entry(entry)}
    assert set(found) == {spoken.pk, listed.pk}
    assert [moment.seconds for moment in found[spoken.pk].moments] == [754, 900]
    assert [moment.query for moment in found[spoken.pk].moments] == [
        "?t=754#t-754",
        "?t=900#t-900",
    ]
    assert found[listed.pk].moments == []


def test_a_moment_links_the_passage_naming_the_person_when_another_starts_that_second(
    client, testimony_index, memorial_index
):
    entry = MemorialEntryPageFactory(parent=memorial_index, given_name="Remembered")
    account = TestimonyPageFactory(parent=testimony_index, title="Account of the ferry")
    TranscriptSegmentFactory(page=account, start_seconds=60, text="The question.")
    naming = TranscriptSegmentFactory(page=account, start_seconds=60, text="The answer.")
    naming.people.add(entry)
    naming.save()
    [item] = public_moments_for_entry(entry)
    assert [moment.query for moment in item.moments] == ["?t=60#t-60-2"]
    page = client.get(account.url).content.decode()
    assert "The answer." in page.split('id="t-60-2"', 1)[1].split("</li>", 1)[0]


def test_entry_page_links_to_the_exact_moments(client, mentioned):
    entry, spoken, listed = mentioned
    html = client.get(entry.url).content.decode()
    assert f'href="{spoken.url}?t=754#t-754"' in html
    assert f'href="{spoken.url}?t=900#t-900"' in html
    assert "t=1000" not in html, "a withheld passage shows no moment"
    assert "Account of the bridge" in html
    assert "withheldonly" not in html, "a withheld passage does not list its testimony"
    assert "closedmarker" not in html


def test_moments_take_a_fixed_number_of_queries_and_are_bounded(
    testimony_index, memorial_index, django_assert_max_num_queries
):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    for _ in range(3):
        page = TestimonyPageFactory(parent=testimony_index)
        for start in range(0, 600, 60):  # ten moments each
            segment = TranscriptSegmentFactory(page=page, start_seconds=start)
            segment.people.add(entry)
            segment.save()
    # testimonies, moments, view restrictions, the passages starting in the same seconds
    with django_assert_max_num_queries(4):
        found = public_moments_for_entry(entry)
    assert len(found) == 3
    assert all(len(item.moments) == 5 for item in found)
    assert [moment.seconds for moment in found[0].moments] == [0, 60, 120, 180, 240]


# Restricted testimonies ---------------------------------------------------------------
@pytest.fixture
def closed(testimony_index):
    page = TestimonyPageFactory(
        parent=testimony_index,
        access_level="researchers",
        narrator="Narratormarker",
        interviewer="Interviewermarker",
        summary="<p>Summarymarker.</p>",
    )
    TranscriptSegmentFactory(page=page, start_seconds=5, text="Transcriptmarker.")
    return page


def test_a_restricted_testimony_listed_with_details_shows_them(client, closed):
    closed.restricted_listing = "details"
    closed.save()
    html = client.get(closed.url).content.decode()
    assert closed.title in html
    assert "Narratormarker" in html and "Interviewermarker" in html
    assert "Summarymarker" not in html and "Transcriptmarker" not in html


def test_a_restricted_testimony_listed_by_title_shows_only_the_title(client, closed):
    closed.restricted_listing = "title"
    closed.save()
    html = client.get(closed.url).content.decode()
    body = html[html.index("<body") :]
    assert closed.title in body
    assert "This testimony is restricted" in body
    for detail in ["Narratormarker", "Interviewermarker", "Summarymarker", "Transcriptmarker"]:
        assert detail not in body, f"{detail} shown on a title-only listing"


def test_researchers_are_told_how_to_get_access(client, closed):
    html = client.get(closed.url).content.decode()
    assert "Registered researchers can see it after signing in and accepting the terms" in html
    login_url, terms_url = url_for("research_login"), url_for("research_terms")
    if login_url:
        assert f'href="{login_url}?next={closed.url}"' in html
    if terms_url:
        assert f'href="{terms_url}"' in html


# Admin: people typed as identifiers --------------------------------------------------
def new_testimony_form(title, people):
    passage = {
        "start_seconds": "10",
        "end_seconds": "",
        "speaker": "Narrator",
        "text": "A fictional passage.",
        "people": people,
    }
    return interview_form(
        title=title,
        slug=title.lower().replace(" ", "-"),
        narrator="",
        narrator_is_anonymous="on",
        narrator_relation="witness",
        languages=inline_formset([{"language": "en"}]),
        segments=inline_formset([passage]),
    )


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("chief", "chief@example.org", "x")
    )
    return client


def add_testimony(admin_client, testimony_index, data):
    url = reverse(
        "wagtailadmin_pages:add", args=["testimonies", "testimonypage", testimony_index.pk]
    )
    return admin_client.post(url, data)


def test_archivists_type_identifiers_for_the_people_in_a_passage(
    admin_client, testimony_index, memorial_index
):
    first = MemorialEntryPageFactory(parent=memorial_index, identifier="fict0001")
    second = MemorialEntryPageFactory(parent=memorial_index, identifier="fict0002")
    response = add_testimony(
        admin_client, testimony_index, new_testimony_form("Typed people", " fict0002; fict0001,")
    )
    assert response.status_code == 302, "the form saved"
    page = TestimonyPage.objects.get(slug="typed-people")
    assert set(page.segments.get().people.all()) == {first, second}

    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert re.search(r'value="fict000[12], fict000[12]"', edit), "shown back as identifiers"
    assert "<select" not in edit.split('name="segments-0-people"')[0].rsplit("<", 1)[-1]


def test_unknown_identifiers_are_a_clear_error_naming_them(
    admin_client, testimony_index, memorial_index
):
    MemorialEntryPageFactory(parent=memorial_index, identifier="fict0001")
    response = add_testimony(
        admin_client,
        testimony_index,
        new_testimony_form("Typo people", "fict0001, nosuch01; nosuch02"),
    )
    assert response.status_code == 200, "the form did not save"
    html = response.content.decode()
    assert "No entries have the identifiers “nosuch01”, “nosuch02”" in html
    assert 'value="fict0001, nosuch01; nosuch02"' in html, "the typed text is kept"
    assert not TestimonyPage.objects.filter(slug="typo-people").exists()


@pytest.mark.parametrize("duration", ["-00:05:00", "-1 00:00:00"])
def test_a_negative_length_is_refused(admin_client, testimony_index, duration):
    data = new_testimony_form("Negative length", "")
    data["duration"] = duration
    response = add_testimony(admin_client, testimony_index, data)
    assert response.status_code == 200, "the form was refused"
    assert "A recording&#x27;s length cannot be negative" in response.content.decode()
    assert not TestimonyPage.objects.filter(slug="negative-length").exists()
