"""Media in a private S3-compatible bucket (moto's server on loopback): uploads land in the
bucket, and the app's permission-checked views stream them back, ranges included."""

import hashlib
import io
import re
import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection

from memorial.core.models import ArchiveImage, ArchiveMedia
from memorial.settings.storage import s3_storage

from ..core.test_recording_locations import SOUND, recording_bytes, upload_in_admin
from ..core.test_uploads import jpeg_with_exif
from ..factories import (
    AUDIO,
    ArchiveImageFactory,
    MemorialEntryPageFactory,
    TestimonyPageFactory,
    recording,
)

pytestmark = pytest.mark.django_db

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
RENDITION_SRC = re.compile(r'src="(/images/\d+/[^"]+)"')


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh private bucket as the default storage for this test."""
    name = f"archive-media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="fictional-key",
        aws_secret_access_key="fictional-secret",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            name,
            endpoint_url=s3_endpoint,
            access_key="fictional-key",
            secret_key="fictional-secret",
            region="us-east-1",
            addressing_style="path",
        ),
    }
    return client, name


def keys(bucket):
    client, name = bucket
    return {item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", [])}


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_superuser("editor", password="x")
    client = Client()
    client.force_login(user)
    return client


def upload_through_wagtail(editor, title) -> ArchiveImage:
    response = editor.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile("scan.jpg", jpeg_with_exif(), content_type="image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
            "credit": "Generated for tests",
            "rights": "CC0 1.0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ArchiveImage.objects.get(title=title)


def test_an_image_uploaded_in_the_admin_is_stored_privately_in_the_bucket(bucket, editor):
    image = upload_through_wagtail(editor, "Fictional harbour, c. 1930")

    assert image.file.name in keys(bucket)
    client, name = bucket
    grants = client.get_object_acl(Bucket=name, Key=image.file.name)["Grants"]
    assert not [grant for grant in grants if grant["Grantee"].get("URI") == ALL_USERS]
    # The storage's own address is signed and short-lived; the app never hands it out.
    assert "Signature" in default_storage.url(image.file.name)
    assert image.file.url.startswith("/images/original/")


def test_a_rendition_on_a_public_page_is_fetched_through_the_app(bucket, editor, memorial_index):
    image = upload_through_wagtail(editor, "Fictional portrait")
    entry = MemorialEntryPageFactory(parent=memorial_index, portrait=image)
    anonymous = Client()

    page = anonymous.get(entry.url)
    assert page.status_code == 200
    rendition_url = RENDITION_SRC.search(page.content.decode()).group(1)
    rendition = image.renditions.get()
    assert rendition.file.name in keys(bucket)  # generated from the bucket, stored in it

    response = anonymous.get(rendition_url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    with rendition.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


def test_an_image_no_page_uses_is_not_found_for_visitors(bucket, memorial_index):
    MemorialEntryPageFactory(parent=memorial_index, portrait=ArchiveImageFactory())
    unused = ArchiveImageFactory()
    anonymous = Client()

    assert anonymous.get(unused.get_rendition("fill-40x40").url).status_code == 404
    assert anonymous.get(unused.file.url).status_code == 404


@pytest.mark.parametrize(
    "header, first, last",
    [("bytes=10-19", 10, 19), ("bytes=4000-", 4000, 4095), ("bytes=-6", 4090, 4095)],
)
def test_a_range_request_streams_those_bytes_from_the_bucket(
    bucket, testimony_index, header, first, last
):
    media = recording()
    assert media.file.name in keys(bucket)
    TestimonyPageFactory(parent=testimony_index, media=media)

    response = Client().get(media.url, headers={"Range": header})

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == AUDIO[first : last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(AUDIO)}"
    assert response["Content-Length"] == str(last - first + 1)


def test_the_whole_recording_streams_from_the_bucket(bucket, testimony_index):
    media = recording()
    TestimonyPageFactory(parent=testimony_index, media=media)

    response = Client().get(media.url)

    assert response.status_code == 200
    assert response["Content-Length"] == str(len(AUDIO))
    assert b"".join(response.streaming_content) == AUDIO


def test_a_recording_missing_from_the_bucket_is_not_found(bucket, testimony_index):
    media = recording()
    TestimonyPageFactory(parent=testimony_index, media=media)
    client, name = bucket
    client.delete_object(Bucket=name, Key=media.file.name)

    assert Client().get(media.url, headers={"Range": "bytes=0-9"}).status_code == 404


def test_a_recording_uploaded_to_the_bucket_keeps_no_place(bucket, editor):
    assert upload_in_admin(editor, recording_bytes()).status_code == 302

    media = ArchiveMedia.objects.get()
    client, name = bucket
    kept = client.get_object(Bucket=name, Key=media.file.name)["Body"].read()
    assert kept == recording_bytes(blank=True)
    assert media.sha256 == hashlib.sha256(kept).hexdigest()


def test_a_recording_in_the_bucket_without_a_checksum_is_replaced_by_a_blanked_copy(bucket):
    media = ArchiveMedia(
        title="Fictional interview", type="video", collection=Collection.get_first_root_node()
    )
    media.file.save("interview.mov", ContentFile(recording_bytes()), save=False)
    first_name = media.file.name
    media.save()

    client, name = bucket
    assert keys(bucket) == {media.file.name}
    assert media.file.name != first_name
    kept = client.get_object(Bucket=name, Key=media.file.name)["Body"].read()
    assert kept == recording_bytes(blank=True)
    assert ArchiveMedia.objects.get().sha256 == hashlib.sha256(kept).hexdigest()


def test_scrub_media_locations_replaces_a_recording_in_the_bucket_by_a_blanked_copy(bucket):
    client, name = bucket
    client.put_object(Bucket=name, Key="media/old.mov", Body=recording_bytes())
    old = ArchiveMedia.objects.create(
        title="Fictional interview",
        type="video",
        collection=Collection.get_first_root_node(),
        file="media/old.mov",
        sha256=hashlib.sha256(recording_bytes()).hexdigest(),
    )
    assert keys(bucket) == {"media/old.mov"}  # a checksum recorded: not blanked on save

    call_command("scrub_media_locations", stdout=io.StringIO())

    media = ArchiveMedia.objects.get(pk=old.pk)
    assert keys(bucket) == {media.file.name} != {"media/old.mov"}
    kept = client.get_object(Bucket=name, Key=media.file.name)["Body"].read()
    assert kept == recording_bytes(blank=True)
    assert media.sha256 == hashlib.sha256(kept).hexdigest()


def test_looking_for_the_place_in_the_bucket_fetches_headers_not_the_recording(bucket, monkeypatch):
    from memorial.core.files import recordings

    client, name = bucket
    client.put_object(Bucket=name, Key="media/old.mov", Body=recording_bytes())
    media = ArchiveMedia(file="media/old.mov")
    fetched = []

    def open_object(storage, key, byte_range=None):
        first, last = map(int, byte_range.removeprefix("bytes=").split("-"))
        fetched.append(last - first + 1)
        return real_open_object(storage, key, byte_range)

    real_open_object = recordings.open_object
    monkeypatch.setattr(recordings, "open_object", open_object)
    monkeypatch.setattr(recordings.RangedObject, "WINDOW", 16)

    assert recordings.locations_in_stored(media.file)
    assert fetched and sum(fetched) < len(recording_bytes()) - len(SOUND)


def test_scrub_media_locations_reports_a_recording_missing_from_the_bucket(bucket):
    media = ArchiveMedia.objects.create(
        title="Fictional interview",
        type="video",
        collection=Collection.get_first_root_node(),
        file="media/gone.mov",
        sha256="0" * 64,
    )
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("scrub_media_locations", stdout=io.StringIO(), stderr=err)

    assert f"UNREADABLE: media {media.pk} media/gone.mov" in err.getvalue()
