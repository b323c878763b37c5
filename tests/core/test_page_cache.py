"""Whole public pages kept in the app's cache for anonymous visitors (memorial.core.page_cache)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from memorial.core.page_cache import HIT_HEADER
from memorial.core.privacy import RESEARCHERS_GROUP
from memorial.remembrances.candles import light_candle

from ..factories import MemorialEntryPageFactory, TestimonyPageFactory

pytestmark = pytest.mark.django_db


def hit(response) -> bool:
    return response.get(HIT_HEADER) == "hit"


@pytest.fixture
def entry(memorial_index):
    return MemorialEntryPageFactory(
        parent=memorial_index, given_name="Ilse", family_name="Marwen", occupation="Weaver"
    )


def test_a_visitor_gets_the_stored_page_without_a_single_query(entry):
    first = Client().get(entry.url)
    assert first.status_code == 200 and not hit(first)
    with CaptureQueriesContext(connection) as queries:
        again = Client().get(entry.url)
    assert hit(again)
    assert len(queries) == 0
    assert again.content == first.content
    assert again["Cache-Control"] == first["Cache-Control"]
    assert again["Content-Type"] == first["Content-Type"]
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert again[header] == first[header], header
    assert "Set-Cookie" not in again


def test_publishing_a_change_is_seen_at_once(entry):
    Client().get(entry.url)
    entry.occupation = "Glassblower"
    entry.save_revision().publish()
    response = Client().get(entry.url)
    assert not hit(response)
    assert "Glassblower" in response.content.decode()


def test_unpublishing_makes_the_stored_page_unreachable(entry):
    Client().get(entry.url)
    entry.unpublish()
    assert Client().get(entry.url).status_code == 404


def test_a_new_view_restriction_is_honoured_at_once(entry):
    Client().get(entry.url)
    PageViewRestriction.objects.create(page=entry, restriction_type=PageViewRestriction.LOGIN)
    response = Client().get(entry.url)
    assert response.status_code == 302  # to the sign-in page, not the stored copy


def test_signed_in_viewers_never_get_a_stored_page_and_their_pages_are_never_stored(
    entry, django_user_model
):
    Client().get(entry.url)
    reader = django_user_model.objects.create_user(
        "reader", password="x", research_terms_accepted_at=timezone.now()
    )
    reader.groups.add(Group.objects.get(name=RESEARCHERS_GROUP))
    signed_in = Client()
    signed_in.force_login(reader)
    assert not hit(signed_in.get(entry.url))
    cache.clear()
    assert signed_in.get(entry.url).status_code == 200  # rendered for the reader first
    assert not hit(Client().get(entry.url))  # so it was not stored


def test_a_restricted_page_is_never_stored(testimony_index, django_user_model):
    closed = TestimonyPageFactory(
        parent=testimony_index, access_level="researchers", restricted_listing="details"
    )
    Client().get(closed.url)
    assert not hit(Client().get(closed.url))


def test_a_visitor_with_a_personal_cookie_is_answered_afresh(entry):
    Client().get(entry.url)
    visitor = Client()
    visitor.cookies["messages"] = "something for this visitor"
    assert not hit(visitor.get(entry.url))
    visitor = Client()
    visitor.cookies["csrftoken"] = "x" * 32  # the token alone changes nothing on a page
    assert hit(visitor.get(entry.url))


def test_a_lit_candle_shows_on_the_next_visit(entry):
    assert "0 candles lit" in Client().get(entry.url).content.decode()
    light_candle(entry, "visitor-a")
    response = Client().get(entry.url)
    assert not hit(response)
    assert "1 candle lit" in response.content.decode()
    assert hit(Client().get(entry.url))


def test_the_app_cache_can_be_turned_off(settings, entry):
    settings.PUBLIC_PAGE_STORE = False
    Client().get(entry.url)
    assert not hit(Client().get(entry.url))


def test_a_query_the_page_does_not_read_is_answered_but_never_kept(entry, memorial_index):
    for address in (
        f"{entry.url}?utm_source=newsletter",
        f"{entry.url}?x=1",
        f"{memorial_index.url}?letter=M&letter=N",  # a parameter it reads, given twice
        f"{memorial_index.url}?letter={'M' * 40}",  # … or too long to be one it uses
    ):
        first = Client().get(address)
        assert first.status_code == 200, address
        assert "public" not in first.get("Cache-Control", ""), address
        assert not hit(Client().get(address)), address


def test_a_query_the_page_reads_is_kept(entry, memorial_index):
    address = f"{memorial_index.url}?letter=M"
    first = Client().get(address)
    assert "public" in first["Cache-Control"]
    assert hit(Client().get(address))


def test_a_query_value_the_page_does_not_use_as_given_is_never_kept(entry, memorial_index):
    from ..factories import TestimonyIndexPageFactory, TestimonyPageFactory

    testimony = TestimonyPageFactory(
        parent=TestimonyIndexPageFactory(parent=memorial_index.get_parent()),
        duration=datetime.timedelta(minutes=30),
    )
    kept = [
        f"{memorial_index.url}?letter=M",
        f"{memorial_index.url}?page=1",
        f"{testimony.url}?t=60",
    ]
    refused = [
        f"{memorial_index.url}?letter=zz",  # no such letter: the whole list
        f"{memorial_index.url}?letter=m",  # answered as M
        f"{memorial_index.url}?page=abc",
        f"{memorial_index.url}?page=01",
        f"{memorial_index.url}?page=999999",  # past the end: the last page
        f"{testimony.url}?t=060",
        f"{testimony.url}?t=99999",  # past the end of the recording
        f"{testimony.url}?t=x",
    ]
    for address in kept + refused:
        first = Client().get(address)
        assert first.status_code == 200, address
        shared = "public" in first.get("Cache-Control", "")
        assert shared is (address in kept), address
        assert hit(Client().get(address)) is (address in kept), address


def test_only_so_many_query_variants_of_one_page_are_kept(settings, entry, memorial_index):
    settings.PUBLIC_PAGE_QUERY_VARIANTS = 2
    MemorialEntryPageFactory.create_batch(3, parent=memorial_index)
    settings.ARCHIVE_ENTRIES_PER_PAGE = 1
    addresses = [f"{memorial_index.url}?page={number}" for number in (1, 2, 3)]
    for address in addresses:
        Client().get(address)
    assert [hit(Client().get(address)) for address in addresses] == [True, True, False]
    assert hit(Client().get(entry.url)) is False  # an address without a query is not counted
    assert hit(Client().get(entry.url))


def test_each_interface_language_has_its_own_stored_copy(entry):
    english = Client().get(entry.url)
    russian = Client().get(f"/ru{entry.url}")
    assert russian.status_code == 200 and not hit(russian)
    assert '<html lang="ru"' in russian.content.decode()
    assert hit(Client().get(f"/ru{entry.url}"))
    again = Client().get(entry.url)
    assert hit(again) and again.content == english.content


def test_a_stored_entry_page_and_its_candle_stamp_come_in_one_round_trip(entry, monkeypatch):
    from django.core.cache import cache

    Client().get(entry.url)
    Client().get(entry.url)  # the first hit learns which stamp the page named
    calls = []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or real_get_many(keys))
    assert hit(Client().get(entry.url))
    assert len(calls) == 1 and any(key.startswith("candles:stamp:") for key in calls[0])


def test_a_new_release_does_not_serve_pages_or_fragments_the_old_one_stored(entry, monkeypatch):
    from memorial.core import release
    from memorial.core.changes import public_state

    Client().get(entry.url)
    assert hit(Client().get(entry.url))
    before = public_state()  # fragments and results are keyed by it
    monkeypatch.setattr(release, "release_fingerprint", lambda: "next-release")
    assert not hit(Client().get(entry.url))
    assert public_state() != before


def test_the_release_fingerprint_follows_templates_code_and_catalogues(settings, tmp_path):
    from memorial.core.release import release_fingerprint

    (tmp_path / "templates").mkdir()
    (tmp_path / "locale").mkdir()
    template = tmp_path / "templates" / "page.html"
    catalogue = tmp_path / "locale" / "django.mo"
    template.write_text("<p>first</p>")
    catalogue.write_bytes(b"one")
    (tmp_path / "templates" / "notes.txt").write_text("not part of a release")
    settings.BASE_DIR = tmp_path
    seen = []
    try:
        for change in (
            None,
            lambda: template.write_text("<p>second</p>"),
            lambda: catalogue.write_bytes(b"two"),
        ):
            if change:
                change()
            release_fingerprint.cache_clear()
            seen.append(release_fingerprint())
        (tmp_path / "templates" / "notes.txt").write_text("edited")
        release_fingerprint.cache_clear()
        assert release_fingerprint() == seen[-1]  # other files do not count
    finally:
        release_fingerprint.cache_clear()
    assert len(set(seen)) == 3


def test_an_unreachable_page_cache_is_passed_by(entry, monkeypatch):
    from django.core.cache import cache

    def unreachable(keys):
        raise ConnectionError("cache server away")

    monkeypatch.setattr(cache, "get_many", unreachable)
    response = Client().get(entry.url)
    assert response.status_code == 200 and not hit(response)


@pytest.fixture
def private_collection():
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Family photographs (private)")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    return private


@pytest.mark.parametrize("kept_in_a_fragment", [False, True])
def test_a_portrait_moved_into_a_private_collection_leaves_every_stored_page(
    settings, memorial_index, private_collection, kept_in_a_fragment
):
    from ..factories import ArchiveImageFactory

    settings.PUBLIC_PAGE_STORE = not kept_in_a_fragment
    portrait = ArchiveImageFactory(credit="Creditofaprivatephoto")
    entry = MemorialEntryPageFactory(parent=memorial_index, portrait=portrait)
    assert "Creditofaprivatephoto" in Client().get(entry.url).content.decode()

    portrait.collection = private_collection
    portrait.save()
    html = Client().get(entry.url).content.decode()
    assert "Creditofaprivatephoto" not in html and "/images/" not in html


def test_a_source_document_moved_into_a_private_collection_is_no_longer_named(
    memorial_index, private_collection
):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    from ..factories import SourceFactory

    register = Document(title="Register", collection=Collection.get_first_root_node())
    register.file.save("fictional-family-register.pdf", ContentFile(b"%PDF-1.4"), save=False)
    register.save()
    entry = MemorialEntryPageFactory(parent=memorial_index)
    SourceFactory(page=entry, document=register)
    entry.save_revision().publish()
    assert "fictional-family-register" in Client().get(entry.url).content.decode()

    register.collection = private_collection
    register.save()
    assert "fictional-family-register" not in Client().get(entry.url).content.decode()


def test_a_family_photograph_uploaded_for_moderation_keeps_the_stored_pages(entry):
    from ..factories import ArchiveImageFactory

    Client().get(entry.url)
    ArchiveImageFactory()  # on no public page until a page showing it is published
    assert hit(Client().get(entry.url))


@pytest.mark.parametrize("kept_in_a_fragment", [False, True])
def test_the_archive_settings_edited_are_seen_at_once(settings, entry, kept_in_a_fragment):
    from home.models import ArchiveSettings

    settings.PUBLIC_PAGE_STORE = not kept_in_a_fragment
    archive = ArchiveSettings.load()
    archive.contact_email = "old-address@example.org"
    archive.save()
    assert "old-address@example.org" in Client().get(entry.url).content.decode()

    archive.contact_email = "new-address@example.org"
    archive.save()
    html = Client().get(entry.url).content.decode()
    assert "new-address@example.org" in html and "old-address@example.org" not in html


# Places and keywords: snippets shown on pages, edited in the admin ----------------------------
def place_form(place, **fields):
    return {
        "name": place.name,
        "other_names": place.other_names,
        "region": place.region,
        "latitude": "",
        "longitude": "",
        **fields,
    }


@pytest.mark.parametrize("kept_in_a_fragment", [False, True])
def test_a_place_renamed_in_the_admin_is_seen_at_once(
    settings, archivist, memorial_index, kept_in_a_fragment
):
    from ..factories import PlaceFactory

    settings.PUBLIC_PAGE_STORE = not kept_in_a_fragment
    place = PlaceFactory(name="Oldmarkvale")
    entry = MemorialEntryPageFactory(parent=memorial_index, birth_place=place)
    assert "Oldmarkvale" in Client().get(entry.url).content.decode()

    response = archivist.post(
        f"/admin/snippets/entries/place/edit/{place.pk}/", place_form(place, name="Newmarkvale")
    )
    assert response.status_code == 302
    html = Client().get(entry.url).content.decode()
    assert "Newmarkvale" in html and "Oldmarkvale" not in html


def test_a_keyword_renamed_in_the_admin_is_seen_at_once(archivist, testimony_index):
    from ..factories import KeywordFactory, TranscriptSegmentFactory

    keyword = KeywordFactory(name="Oldharvest")
    testimony = TestimonyPageFactory(parent=testimony_index)
    passage = TranscriptSegmentFactory(page=testimony, start_seconds=5)
    passage.keywords.add(keyword)
    passage.save()
    testimony.save_revision().publish()
    assert "Oldharvest" in Client().get(testimony.url).content.decode()

    response = archivist.post(
        f"/admin/snippets/testimonies/keyword/edit/{keyword.pk}/",
        {"name": "Newharvest", "broader": "", "scope_note": ""},
    )
    assert response.status_code == 302
    html = Client().get(testimony.url).content.decode()
    assert "Newharvest" in html and "Oldharvest" not in html


def test_a_place_deleted_in_the_admin_leaves_the_pages_at_once(admin_client, memorial_index):
    from ..factories import PlaceFactory

    place = PlaceFactory(name="Goneholm")
    entry = MemorialEntryPageFactory(parent=memorial_index, death_place=place)
    assert "Goneholm" in Client().get(entry.url).content.decode()

    response = admin_client.post(f"/admin/snippets/entries/place/delete/{place.pk}/")
    assert response.status_code == 302 and not type(place).objects.filter(pk=place.pk).exists()
    assert "Goneholm" not in Client().get(entry.url).content.decode()


def test_a_place_merged_in_the_admin_is_seen_at_once(admin_client, memorial_index):
    from ..factories import PlaceFactory

    duplicate, kept = PlaceFactory(name="Goneholm"), PlaceFactory(name="Keptholm")
    entry = MemorialEntryPageFactory(parent=memorial_index, death_place=duplicate)
    assert "Goneholm" in Client().get(entry.url).content.decode()

    merge = f"/admin/snippets/entries/place/merge/{duplicate.pk}/"
    assert admin_client.post(merge, {"into": kept.pk}).status_code == 302
    html = Client().get(entry.url).content.decode()
    # Its old name stays only as one of the kept place's other names.
    assert "in Keptholm" in html and "in Goneholm" not in html


def test_a_place_saved_outside_the_admin_keeps_the_stored_pages(entry):
    from ..factories import PlaceFactory

    Client().get(entry.url)
    PlaceFactory(name="Proposedvale").save()  # as a family's proposed name does
    assert hit(Client().get(entry.url))
