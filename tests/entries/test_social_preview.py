import io

import pytest
from PIL import Image

from memorial.core.files.visibility import Access
from memorial.entries import social

from ..factories import (
    ArchiveImageFactory,
    MemorialEntryPageFactory,
    NameVariantFactory,
    PlaceFactory,
)
from ..insights.conftest import HIDDEN_STATES, hide

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(memorial_index):
    portrait = ArchiveImageFactory(file__width=300, file__height=400, file__color="red")
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        identifier="demo-00007",
        given_name="Aysel",
        family_name="Quliyeva",
        portrait=portrait,
    )
    NameVariantFactory(page=entry, name="Айсель Гулиева", script="Cyrl")
    return entry


def red_pixels(image):
    pixels = image.convert("RGB").get_flattened_data()
    return sum(1 for red, green, _blue in pixels if red > 180 and green < 80)


def test_a_public_entry_has_open_graph_tags(client, entry):
    html = client.get(entry.url).content.decode()
    assert '<meta property="og:title" content="Aysel Quliyeva">' in html
    assert '<meta property="og:type" content="profile">' in html
    assert 'property="og:description" content="c. 1931 – 14 May 1942' in html
    assert f'<meta property="og:url" content="{entry.full_url}">' in html
    assert 'content="http://testserver/e/demo-00007/preview.png"' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_the_preview_is_a_1200_by_630_png_with_the_portrait(client, entry):
    response = client.get("/e/demo-00007/preview.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("public")
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size == (1200, 630)
    assert red_pixels(image) > 10_000


def test_shared_caches_keep_the_preview_no_longer_than_the_page(client, entry, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 120
    response = client.get("/e/demo-00007/preview.png")
    assert response["Cache-Control"] == "public, max-age=3600, s-maxage=120"


def test_a_new_revision_draws_a_new_preview(client, entry):
    first = client.get("/e/demo-00007/preview.png").content
    entry.family_name = "Quliyeva-Tessaro"
    entry.title = "Aysel Quliyeva-Tessaro"
    entry.save_revision().publish()
    assert client.get("/e/demo-00007/preview.png").content != first


def test_a_renamed_place_draws_a_new_preview(client, entry):
    entry.death_place = PlaceFactory(name="Orvella")
    entry.save_revision().publish()
    first = client.get("/e/demo-00007/preview.png").content
    entry.death_place.name = "Orvella-Dağ"
    entry.death_place.save()
    assert client.get("/e/demo-00007/preview.png").content != first


def test_a_replaced_portrait_file_draws_a_new_preview(client, entry):
    first = client.get("/e/demo-00007/preview.png").content
    blue = ArchiveImageFactory.build(file__width=300, file__height=400, file__color="blue")
    entry.portrait.file = blue.file
    entry.portrait.save()
    image = Image.open(io.BytesIO(client.get("/e/demo-00007/preview.png").content))
    assert red_pixels(image) == 0
    assert image.tobytes() != Image.open(io.BytesIO(first)).tobytes()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_hidden_entry_has_no_preview(client, entry, state):
    hide(entry, state)
    response = client.get("/e/demo-00007/preview.png")
    assert response.status_code == 404
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("identifier", ["nobody", "bad id", "x" * 300])
def test_an_unknown_identifier_has_no_preview(client, identifier):
    assert client.get(f"/e/{identifier}/preview.png").status_code == 404


def test_a_portrait_not_open_to_everyone_is_left_out(client, entry, monkeypatch):
    monkeypatch.setattr(social, "image_access", lambda image, request: Access.PRIVATE)
    image = Image.open(io.BytesIO(client.get("/e/demo-00007/preview.png").content))
    assert image.size == (1200, 630)
    assert red_pixels(image) == 0


def test_staff_never_bake_a_private_portrait_into_the_shared_picture(
    client, entry, admin_user, monkeypatch
):
    """Staff may see any portrait, but the picture is cached for everybody."""
    monkeypatch.setattr(social, "image_access", lambda image, request: Access.PRIVATE)
    client.force_login(admin_user)
    image = Image.open(io.BytesIO(client.get("/e/demo-00007/preview.png").content))
    assert red_pixels(image) == 0


def test_the_restricted_entrys_portrait_never_appears(client, entry, memorial_index):
    """An image used only by a staff-only entry is not public, whichever entry asks."""
    hide(entry, "staff")
    MemorialEntryPageFactory(parent=memorial_index, identifier="demo-00008")
    assert client.get("/e/demo-00008/preview.png").status_code == 200
    assert social.public_portrait(entry, _anonymous_request()) is None


def _anonymous_request():
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def test_the_second_script_is_drawn(entry):
    assert social.other_script_name(entry) == "Айсель Гулиева"
    entry.title = "Айсель Гулиева"
    NameVariantFactory(page=entry, name="Aysel Guliyeva", script="Latn")
    assert social.other_script_name(entry) == "Aysel Guliyeva"


def test_fonts_cover_azerbaijani_and_cyrillic():
    face = social.font(social.SANS, 30)
    assert social.covers(face, "Əliyeva Şəkər Ğ ı Айсель")


def test_a_portrait_with_malformed_exif_is_drawn(client, entry):
    from ..core.test_uploads import photo_with_malformed_gps_exif

    entry.portrait = ArchiveImageFactory(
        file__from_file=io.BytesIO(photo_with_malformed_gps_exif()), file__filename="odd.jpg"
    )
    entry.save_revision().publish()
    response = client.get("/e/demo-00007/preview.png")
    assert response.status_code == 200
    assert red_pixels(Image.open(io.BytesIO(response.content))) > 100  # the portrait
