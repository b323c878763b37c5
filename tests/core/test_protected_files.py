"""Every uploaded file is served through a permission check, never straight from MEDIA_ROOT."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from PIL import Image
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from memorial.core.files.ranges import UnsatisfiableRange, requested_range
from memorial.core.privacy import RESEARCHERS_GROUP
from memorial.remembrances.models import RemembrancePage, RemembrancePhoto
from memorial.testimonies.models import ConsentRecord

from ..factories import (
    AUDIO,
    ArchiveImageFactory,
    MemorialEntryPageFactory,
    SourceFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
    document,
    recording,
)
from .test_uploads import jpeg_with_exif

pytestmark = pytest.mark.django_db

FUTURE = datetime.date.today() + datetime.timedelta(days=3650)
PUBLIC_CACHE = "public, max-age=3600, s-maxage=300"  # shared caches: as long as a page
NO_STORE = "private, no-store"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Wagtail caches renditions by image id; ids repeat from test to test.
    caches["renditions" if "renditions" in settings.CACHES else "default"].clear()
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def researcher(django_user_model):
    user = django_user_model.objects.create_user(
        "reader", password="a long test password", research_terms_accepted_at=timezone.now()
    )
    user.groups.add(Group.objects.get(name=RESEARCHERS_GROUP))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("archivist", password="x", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_consentrecord"),
    )
    client = Client()
    client.force_login(user)
    return client


def portrait_url(entry):
    return entry.portrait.get_rendition("fill-40x40").url


def plain_jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (16, 9), (90, 90, 90)).save(output, "JPEG")
    return output.getvalue()


def status(client, url, **headers):
    return client.get(url, headers=headers).status_code


# Images ---------------------------------------------------------------------------------
def test_a_public_portrait_is_served_with_public_cache_headers(anonymous, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, portrait=ArchiveImageFactory())
    rendition = entry.portrait.get_rendition("fill-40x40")
    assert rendition.url.startswith("/images/") and "/media/" not in rendition.url

    response = anonymous.get(rendition.url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert response["Cache-Control"] == PUBLIC_CACHE
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    with rendition.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_the_page_and_the_api_link_renditions_through_the_checked_view(anonymous, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, portrait=ArchiveImageFactory())
    assert portrait_url(entry).startswith("/images/")
    assert "/media/" not in anonymous.get(entry.url).content.decode()
    api = anonymous.get(f"/api/v2/pages/{entry.pk}/").content.decode()
    assert "/images/" in api and "/media/" not in api


def test_visitors_get_a_located_original_without_its_location(anonymous, staff, memorial_index):
    """The original of an archivist's upload may hold where it was taken (GPS EXIF): a
    family's home. Visitors are sent to a full-size rendition without it; staff get the
    original, which no shared cache may keep."""
    from PIL import Image

    from .test_uploads import GPS_IFD, jpeg_with_exif

    image = ArchiveImageFactory(
        file__from_file=io.BytesIO(jpeg_with_exif()), file__filename="home.jpg"
    )
    MemorialEntryPageFactory(parent=memorial_index, portrait=image)

    sent_on = anonymous.get(image.file.url)
    assert sent_on.status_code == 302 and sent_on["Cache-Control"] == NO_STORE
    shown = anonymous.get(sent_on["Location"])
    assert shown.status_code == 200
    assert not Image.open(io.BytesIO(b"".join(shown.streaming_content))).getexif().get_ifd(GPS_IFD)

    original = staff.get(image.file.url)
    assert original.status_code == 200 and original["Cache-Control"] == NO_STORE
    kept = Image.open(io.BytesIO(b"".join(original.streaming_content)))
    assert kept.getexif().get_ifd(GPS_IFD)


def test_an_original_without_a_location_is_served_to_visitors(anonymous, memorial_index):
    image = ArchiveImageFactory()
    MemorialEntryPageFactory(parent=memorial_index, portrait=image)
    response = anonymous.get(image.file.url)
    assert response.status_code == 200 and response["Cache-Control"] == PUBLIC_CACHE


def restricted_entry(memorial_index, case):
    """An entry with a portrait a visitor may not see."""
    if case == "draft":
        return MemorialEntryPageFactory(parent=memorial_index, live=False)
    if case == "staff only":
        return MemorialEntryPageFactory(parent=memorial_index, access_level="staff")
    if case == "embargoed":
        return MemorialEntryPageFactory(parent=memorial_index, embargo_until=FUTURE)
    entry = MemorialEntryPageFactory(parent=memorial_index)
    PageViewRestriction.objects.create(page=entry, restriction_type="password", password="x")
    return entry


@pytest.mark.parametrize("case", ["draft", "staff only", "embargoed", "view restriction"])
def test_a_restricted_pages_portrait_is_hidden_from_visitors_and_researchers(
    case, anonymous, researcher, staff, memorial_index
):
    entry = restricted_entry(memorial_index, case)
    entry.portrait = ArchiveImageFactory()
    entry.save()
    url = portrait_url(entry)

    refused = anonymous.get(url)
    assert refused.status_code == 404
    assert refused["Cache-Control"] == NO_STORE, "a refusal must not be cached for staff"
    assert status(researcher, url) == 404
    served = staff.get(url)
    assert served.status_code == 200 and served["Cache-Control"] == NO_STORE
    assert status(staff, entry.portrait.file.url) == 200
    assert status(anonymous, entry.portrait.file.url) == 404


@pytest.mark.parametrize("case", ["draft", "staff only", "embargoed", "view restriction"])
def test_a_remembrance_photograph_is_as_closed_as_the_person_remembered(
    case, anonymous, researcher, staff, memorial_index
):
    entry = restricted_entry(memorial_index, case)
    remembrance = entry.add_child(
        instance=RemembrancePage(title="For Ilmar", slug="for-ilmar", text="His songs.")
    )
    photo = RemembrancePhoto.objects.create(page=remembrance, image=ArchiveImageFactory())
    remembrance.save_revision().publish()
    for url in (photo.image.get_rendition("fill-40x40").url, photo.image.file.url):
        assert status(anonymous, url) == 404, url
        assert status(researcher, url) == 404, url
        assert status(staff, url) == 200, url


def test_a_remembrance_photograph_of_an_open_person_is_public(anonymous, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    remembrance = entry.add_child(
        instance=RemembrancePage(title="For Ilmar", slug="for-ilmar", text="His songs.")
    )
    photo = RemembrancePhoto.objects.create(page=remembrance, image=ArchiveImageFactory())
    remembrance.save_revision().publish()
    response = anonymous.get(photo.image.get_rendition("fill-40x40").url)
    assert response.status_code == 200 and response["Cache-Control"] == PUBLIC_CACHE


def test_a_photograph_taken_off_a_remembrance_is_no_longer_served(anonymous, memorial_index):
    """A family withdraws consent for one photograph: the moderator removes it from the
    remembrance and publishes. No public page shows it any more, so neither is its file."""
    entry = MemorialEntryPageFactory(parent=memorial_index)
    remembrance = entry.add_child(
        instance=RemembrancePage(title="For Ilmar", slug="for-ilmar", text="His songs.")
    )
    photo = RemembrancePhoto.objects.create(page=remembrance, image=ArchiveImageFactory())
    remembrance.save_revision().publish()
    urls = (photo.image.get_rendition("fill-40x40").url, photo.image.file.url)
    assert [status(anonymous, url) for url in urls] == [200, 200]

    edited = remembrance.get_latest_revision_as_object()
    edited.photos = []
    edited.save_revision().publish()
    assert [status(anonymous, url) for url in urls] == [404, 404]


def test_a_source_taken_off_an_entry_no_longer_serves_its_document(anonymous, memorial_index):
    doc = document()
    entry = MemorialEntryPageFactory(parent=memorial_index)
    SourceFactory(page=entry, document=doc)
    entry.save_revision().publish()
    assert status(anonymous, doc.url) == 200

    edited = entry.get_latest_revision_as_object()
    edited.sources = []
    edited.save_revision().publish()
    assert status(anonymous, doc.url) == 404


def test_a_researcher_sees_the_portrait_of_a_researchers_only_entry(
    anonymous, researcher, memorial_index
):
    entry = MemorialEntryPageFactory(
        parent=memorial_index, access_level="researchers", portrait=ArchiveImageFactory()
    )
    assert status(anonymous, portrait_url(entry)) == 404
    response = researcher.get(portrait_url(entry))
    assert response.status_code == 200 and response["Cache-Control"] == NO_STORE


def test_a_visitor_who_gave_the_pages_password_sees_its_portrait(anonymous, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, portrait=ArchiveImageFactory())
    restriction = PageViewRestriction.objects.create(
        page=entry, restriction_type="password", password="x"
    )
    assert status(anonymous, portrait_url(entry)) == 404
    session = anonymous.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    response = anonymous.get(portrait_url(entry))
    assert response.status_code == 200 and response["Cache-Control"] == NO_STORE


def test_an_image_seen_on_a_public_page_stays_visible_when_another_page_is_closed(
    anonymous, memorial_index
):
    image = ArchiveImageFactory()
    MemorialEntryPageFactory(parent=memorial_index, portrait=image, access_level="staff")
    assert status(anonymous, image.get_rendition("fill-40x40").url) == 404
    MemorialEntryPageFactory(
        parent=memorial_index,
        biography=[{"type": "image", "value": {"image": image.pk, "alt_text": "A gate"}}],
    )
    assert status(anonymous, image.get_rendition("fill-40x40").url) == 200


def test_an_image_in_a_private_collection_is_kept_from_visitors(
    anonymous, staff, django_user_model, memorial_index
):
    private = Collection.get_first_root_node().add_child(name="Private photographs")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    image = ArchiveImageFactory(collection=private)
    MemorialEntryPageFactory(parent=memorial_index, portrait=image)
    for url in (image.get_rendition("fill-40x40").url, image.file.url):
        assert status(anonymous, url) == 404, url
        assert status(staff, url) == 200, url
        signed_in = Client()
        signed_in.force_login(django_user_model.objects.create_user(f"reader-{len(url)}"))
        response = signed_in.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == NO_STORE, url


def test_a_recording_in_a_private_collection_is_kept_from_visitors(
    anonymous, staff, testimony_index
):
    private = Collection.get_first_root_node().add_child(name="Private recordings")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    media = recording(thumbnail=b"\x89PNG fictional poster")
    media.collection = private
    media.save()
    TestimonyPageFactory(parent=testimony_index, media=media)
    for url in (media.url, media.thumbnail.url):
        assert status(anonymous, url) == 404, url
        assert status(staff, url) == 200, url


def test_an_image_no_page_uses_is_for_staff_only(anonymous, staff):
    url = ArchiveImageFactory().get_rendition("fill-40x40").url
    assert status(anonymous, url) == 404
    assert status(staff, url) == 200


def test_a_wrong_file_name_or_a_path_trick_is_not_found(staff, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, portrait=ArchiveImageFactory())
    rendition_id = entry.portrait.get_rendition("fill-40x40").pk
    assert status(staff, f"/images/{rendition_id}/other.png") == 404
    assert status(staff, f"/images/{rendition_id}/..%2F..%2Fsettings.py") == 404
    assert status(staff, f"/images/original/{entry.portrait.pk}/other.png") == 404


@pytest.mark.parametrize(
    "address",
    [
        "/images/2147483648/x.png",
        "/images/original/99999999999999999999/x.jpg",
        "/recordings/99999999999999999999999999/x.mp3",
        "/transcripts/999999999999999999999999999999.vtt",
    ],
)
def test_an_id_past_any_row_is_not_found(staff, address):
    assert status(staff, address) == 404


def test_media_root_is_not_served_by_url(anonymous, staff, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, portrait=ArchiveImageFactory())
    assert status(anonymous, f"/media/{entry.portrait.file.name}") == 404
    assert status(staff, f"/media/{entry.portrait.file.name}") == 404


# Recordings ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "access, embargo, seen_by",
    [
        ("public", None, {"anonymous", "researcher", "staff"}),
        ("researchers", None, {"researcher", "staff"}),
        ("staff", None, {"staff"}),
        ("public", FUTURE, {"staff"}),
    ],
)
def test_a_recording_is_served_to_whom_its_testimony_is_open(
    access, embargo, seen_by, anonymous, researcher, staff, testimony_index
):
    media = recording(thumbnail=b"\x89PNG fictional poster")
    TestimonyPageFactory(
        parent=testimony_index, media=media, access_level=access, embargo_until=embargo
    )
    assert media.url.startswith(f"/recordings/{media.pk}/")
    assert media.sources[0]["src"] == media.url and media.sources[0]["type"] == "audio/mpeg"
    assert media.thumbnail.url.startswith(f"/recordings/{media.pk}/thumbnail/")

    clients = {"anonymous": anonymous, "researcher": researcher, "staff": staff}
    for who, client in clients.items():
        expected = 200 if who in seen_by else 404
        assert status(client, media.url) == expected, f"recording for {who}"
        assert status(client, media.thumbnail.url) == expected, f"thumbnail for {who}"
    response = anonymous.get(media.url) if "anonymous" in seen_by else staff.get(media.url)
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Cache-Control"] == (PUBLIC_CACHE if "anonymous" in seen_by else NO_STORE)


# A passage withheld without a time is still spoken in the recording.
@pytest.mark.parametrize("start_seconds", [30, None])
def test_the_original_of_a_testimony_with_a_withheld_passage_is_staff_only(
    anonymous, researcher, staff, testimony_index, start_seconds
):
    original, edited = recording("original.mp3"), recording("edited.mp3")
    testimony = TestimonyPageFactory(parent=testimony_index, media=original, public_media=edited)
    TranscriptSegmentFactory(page=testimony, start_seconds=start_seconds, withheld=True)

    assert status(anonymous, original.url) == 404
    assert status(researcher, original.url) == 404
    assert status(staff, original.url) == 200
    assert status(anonymous, edited.url) == 200


def test_a_recording_in_a_public_pages_stream_is_served(anonymous, memorial_index):
    media = recording()
    assert status(anonymous, media.url) == 404
    block = {"media": media.pk, "embed_url": "", "title": "A song", "transcript": ""}
    MemorialEntryPageFactory(
        parent=memorial_index, biography=[{"type": "audio_video", "value": block}]
    )
    assert status(anonymous, media.url) == 200


@pytest.fixture
def public_recording(testimony_index):
    media = recording()
    TestimonyPageFactory(parent=testimony_index, media=media)
    return media


@pytest.mark.parametrize(
    "header, first, last",
    [("bytes=10-19", 10, 19), ("bytes=4090-", 4090, 4095), ("bytes=-6", 4090, 4095)],
)
def test_a_range_request_gets_those_bytes(header, first, last, anonymous, public_recording):
    response = anonymous.get(public_recording.url, headers={"Range": header})
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == AUDIO[first : last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(AUDIO)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"


def test_an_unsatisfiable_range_gets_416_and_a_foreign_one_the_whole_file(
    anonymous, public_recording
):
    response = anonymous.get(public_recording.url, headers={"Range": "bytes=5000-"})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(AUDIO)}"
    whole = anonymous.get(public_recording.url, headers={"Range": "bytes=0-1,5-6"})
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == AUDIO


def test_a_range_of_a_hidden_recording_is_still_refused(anonymous, testimony_index):
    media = recording()
    TestimonyPageFactory(parent=testimony_index, media=media, access_level="staff")
    assert status(anonymous, media.url, Range="bytes=0-9") == 404


@pytest.mark.parametrize(
    "header, expected",
    [(None, None), ("bytes=0-0", (0, 0)), ("bytes=5-2", None), ("items=0-1", None)],
)
def test_requested_range_reads_one_range(header, expected):
    assert requested_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=-0"])
def test_requested_range_past_the_end_is_unsatisfiable(header):
    with pytest.raises(UnsatisfiableRange):
        requested_range(header, 100)


def test_the_proxy_can_send_the_file_once_the_app_said_yes(
    settings, anonymous, testimony_index, public_recording
):
    settings.PROTECTED_FILES_ACCEL_REDIRECT = "/protected/"
    response = anonymous.get(public_recording.url)
    assert response["X-Accel-Redirect"] == f"/protected/{public_recording.file.name}"
    assert response.content == b""
    hidden = recording("hidden.mp3")
    TestimonyPageFactory(parent=testimony_index, media=hidden, access_level="staff")
    refused = anonymous.get(hidden.url)
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


# Documents ---------------------------------------------------------------------------------
def test_documents_are_served_only_through_wagtails_view(settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert document().url.startswith("/documents/")


def test_a_document_cited_only_by_a_closed_entry_is_hidden_from_visitors(
    anonymous, staff, memorial_index
):
    doc = document()
    entry = MemorialEntryPageFactory(parent=memorial_index, access_level="staff")
    SourceFactory(page=entry, document=doc)
    assert status(anonymous, doc.url) == 404
    response = staff.get(doc.url)
    assert response.status_code == 200 and response["Cache-Control"] == NO_STORE


def test_a_document_cited_by_a_public_entry_is_public(anonymous, memorial_index):
    doc = document()
    SourceFactory(page=MemorialEntryPageFactory(parent=memorial_index), document=doc)
    response = anonymous.get(doc.url)
    assert response.status_code == 200 and response["Cache-Control"] == PUBLIC_CACHE
    assert b"".join(response.streaming_content) == b"%PDF-1.4 fictional"


def test_a_document_in_a_private_collection_is_not_served_to_visitors(anonymous, memorial_index):
    private = Collection.get_first_root_node().add_child(name="Private scans")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="x"
    )
    doc = document(private)
    SourceFactory(page=MemorialEntryPageFactory(parent=memorial_index), document=doc)
    response = anonymous.get(doc.url)
    assert "Content-Disposition" not in response
    assert b"fictional" not in response.content
    assert response["Cache-Control"] == NO_STORE


# Release forms -------------------------------------------------------------------------------
@pytest.fixture
def consent(testimony_index):
    record = ConsentRecord(testimony=TestimonyPageFactory(parent=testimony_index))
    record.release_form.save("signed.pdf", ContentFile(b"%PDF-1.4 signed"), save=False)
    record.save()
    return record


def release_form_url(pk):
    return f"/admin/consent/{pk}/release-form/"


def test_staff_with_the_permission_download_a_release_form(staff, consent, settings):
    assert str(settings.MEDIA_ROOT) not in consent.release_form.path
    response = staff.get(release_form_url(consent.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"


def test_nobody_else_learns_a_release_form_exists(
    anonymous, researcher, django_user_model, consent
):
    # Outside the admin, every admin address (existing or not) sends to the login page.
    for client in (anonymous, researcher):
        response = client.get(release_form_url(consent.pk))
        missing = client.get(release_form_url(consent.pk + 1000))
        assert response.status_code == missing.status_code == 302
        assert "/admin/login/" in response["Location"]
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)
    assert status(client, release_form_url(consent.pk)) == 404


def test_a_recording_poster_that_says_where_it_was_taken_is_for_staff_only(
    anonymous, staff, testimony_index
):
    located = recording("located.mp3", thumbnail=jpeg_with_exif())
    plain = recording("plain.mp3", thumbnail=plain_jpeg())
    for media in (located, plain):
        TestimonyPageFactory(parent=testimony_index, media=media)

    assert status(anonymous, located.thumbnail.url) == 404
    response = staff.get(located.thumbnail.url)
    assert response.status_code == 200 and response["Cache-Control"] == NO_STORE
    assert status(anonymous, plain.thumbnail.url) == 200
    assert status(anonymous, located.url) == 200  # the recording itself is not held back
