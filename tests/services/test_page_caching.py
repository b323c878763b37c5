"""Rendered pages in caches: fragments keyed by revision and viewer, previews never cached,
purges on publish and unpublish, and Cache-Control only for what everybody may have."""

from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Locale, PageViewRestriction

from memorial.core.caching import PUBLIC_VIEWER, RESEARCHER_VIEWER, STAFF_VIEWER, viewer_class
from memorial.core.privacy import RESEARCHERS_GROUP
from memorial.core.purging import purge_with_related
from memorial.entries.models import MemorialEntryPage
from memorial.insights.models import ArchiveNumbersPage
from memorial.testimonies.models import TestimonyPage

from ..factories import (
    ArchiveImageFactory,
    GalleryIndexPageFactory,
    GalleryPageFactory,
    MemorialEntryPageFactory,
    PlaceFactory,
    RelationshipFactory,
    StandardPageFactory,
    TestimonyMentionFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
    gallery_items,
)

pytestmark = pytest.mark.django_db

FRAGMENT_PREFIX = "template.cache."


def fragment_keys() -> list[str]:
    """The template fragments in the (local-memory) test cache."""
    return [key for key in cache._cache if FRAGMENT_PREFIX in key]


@pytest.fixture
def researcher(django_user_model):
    user = django_user_model.objects.create_user(
        "reader", password="x", research_terms_accepted_at=timezone.now()
    )
    user.groups.add(Group.objects.get(name=RESEARCHERS_GROUP))
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_superuser("keeper", password="x")
    client = Client()
    client.force_login(user)
    return client, user


def test_viewer_classes(researcher, staff, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    plain = django_user_model.objects.create_user("plain", password="x")
    assert viewer_class(AnonymousUser()) == PUBLIC_VIEWER
    assert viewer_class(plain) == PUBLIC_VIEWER  # signed in, but no more rights than anyone
    assert viewer_class(researcher[1]) == RESEARCHER_VIEWER
    assert viewer_class(staff[1]) == STAFF_VIEWER


# Fragments --------------------------------------------------------------------------------
def test_a_fragment_is_kept_until_a_new_revision_is_published(client, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, circumstances_of_death="First words.")
    assert "First words." in client.get(entry.url).content.decode()
    assert fragment_keys()

    # A change that bypasses Wagtail (no revision, no signal) is not seen: the fragment is kept.
    MemorialEntryPage.objects.filter(pk=entry.pk).update(circumstances_of_death="Unseen words.")
    assert "First words." in client.get(entry.url).content.decode()

    entry.refresh_from_db()
    entry.circumstances_of_death = "Second words."
    entry.save_revision().publish()
    html = client.get(entry.url).content.decode()
    assert "Second words." in html and "First words." not in html


def test_a_preview_neither_reads_nor_stores_a_fragment(memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index, circumstances_of_death="Live words.")
    entry.circumstances_of_death = "Draft words."
    preview = entry.make_preview_request()
    assert "Draft words." in preview.content.decode()
    assert fragment_keys() == []

    assert "Live words." in Client().get(entry.url).content.decode()  # now one is kept
    assert fragment_keys()
    again = entry.make_preview_request()
    assert "Draft words." in again.content.decode()


def test_researchers_only_content_never_reaches_a_visitor_after_a_researcher_saw_it(
    researcher, staff, testimony_index
):
    testimony = TestimonyPageFactory(
        parent=testimony_index,
        access_level="researchers",
        restricted_listing="details",
        summary="<p>Readersonlymarker of a fictional account.</p>",
    )
    researcher_client, _user = researcher
    assert "Readersonlymarker" in researcher_client.get(testimony.url).content.decode()
    assert "Readersonlymarker" in staff[0].get(testimony.url).content.decode()

    visitor = Client().get(testimony.url)
    assert visitor.status_code == 200
    assert "Readersonlymarker" not in visitor.content.decode()
    assert "This testimony is restricted" in visitor.content.decode()


def test_a_withheld_passage_staff_read_is_not_served_to_visitors(staff, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index)
    TranscriptSegmentFactory(
        page=testimony,
        text="Withheldmarker, a passage kept back.",
        withheld=True,
        withheld_reason="Fictional family's wish",
    )
    TestimonyPage.objects.get(pk=testimony.pk).save_revision().publish()

    assert "Withheldmarker" in staff[0].get(testimony.url).content.decode()
    visitor = Client().get(testimony.url).content.decode()
    assert "Withheldmarker" not in visitor
    assert "[passage withheld]" in visitor


def test_a_moment_link_gets_its_own_fragment(client, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index)
    TranscriptSegmentFactory(page=testimony, start_seconds=0, text="Opening line.")
    TranscriptSegmentFactory(page=testimony, start_seconds=90, text="Later line.")
    TestimonyPage.objects.get(pk=testimony.pk).save_revision().publish()

    plain = client.get(testimony.url).content.decode()
    at_moment = client.get(f"{testimony.url}?t=90").content.decode()
    assert 'id="t-90" aria-current="true"' not in plain
    assert 'id="t-90" aria-current="true"' in at_moment


# Purging a proxy --------------------------------------------------------------------------
PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """A frontend cache that only writes down what it was asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def purges(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": f"{__name__}.RecordingBackend"},
    }
    PURGED.clear()
    return PURGED


def test_publishing_and_unpublishing_purge_the_page(purges, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    purges.clear()

    entry.circumstances_of_death = "Corrected words."
    entry.save_revision().publish()
    assert [url for url in purges if url.endswith(entry.url)], purges

    purges.clear()
    entry.unpublish()
    assert [url for url in purges if url.endswith(entry.url)], purges


def purged_paths(purges) -> set[str]:
    return {urlsplit(url).path for url in purges}


def not_purged_in_every_language(purges, paths) -> list[str]:
    """Of these paths, each under every language prefix, those no purge named."""
    purged = purged_paths(purges)
    return [
        language + path
        for path in paths
        for language in ("", "/az", "/ru")
        if language + path not in purged
    ]


@pytest.fixture
def person_and_what_names_them(memorial_index, testimony_index, home):
    person = MemorialEntryPageFactory(parent=memorial_index, given_name="Ilmar")
    relative = MemorialEntryPageFactory(parent=memorial_index, given_name="Aune")
    RelationshipFactory(page=relative, related_entry=person)
    relative.save()
    testimony = TestimonyPageFactory(parent=testimony_index)
    TestimonyMentionFactory(page=testimony, entry=person)
    testimony.save()
    gallery = GalleryPageFactory(
        parent=GalleryIndexPageFactory(parent=home),
        items=gallery_items([ArchiveImageFactory()], people_per_image=[person]),
    )
    return person, [relative, testimony, gallery, memorial_index, home]


def test_closing_a_person_purges_every_page_that_shows_them(purges, person_and_what_names_them):
    person, naming = person_and_what_names_them
    purges.clear()
    person.access_level = "staff"
    person.save_revision().publish()

    assert not not_purged_in_every_language(purges, [page.url for page in [person, *naming]])


def test_an_embargo_lifted_purges_every_page_that_shows_the_person(
    purges, person_and_what_names_them
):
    """The pages that name a person were kept by the proxy without them while they were
    under embargo; lifting it brings the person back on all of them at once."""
    import datetime
    from io import StringIO

    from django.core.management import call_command

    person, naming = person_and_what_names_them
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    MemorialEntryPage.objects.filter(pk=person.pk).update(embargo_until=yesterday)
    purges.clear()
    call_command("lift_embargoes", stdout=StringIO())

    assert not not_purged_in_every_language(purges, [page.url for page in [person, *naming]])
    assert f"/e/{person.identifier}/preview.png" in purged_paths(purges)


def test_closing_what_a_persons_page_shows_purges_the_persons_page(
    purges, person_and_what_names_them
):
    """A person's page lists the testimonies that mention them (title, narrator), the
    photographs that show them and the relatives who name them, from those pages' own rows:
    closing one of those pages changes the person's page too."""
    from memorial.testimonies.models import ConsentRecord

    person, (relative, testimony, gallery, *_) = person_and_what_names_them

    def close_relative():
        relative.access_level = "staff"
        relative.save_revision().publish()

    closings = {
        "consent withdrawn": lambda: ConsentRecord.objects.create(
            testimony=testimony, status="withdrawn"
        ),
        "gallery unpublished": gallery.unpublish,
        "relative closed": close_relative,
    }
    for name, close in closings.items():
        purges.clear()
        close()
        paths = purged_paths(purges)
        for language in ("", "/az", "/ru"):
            assert language + person.url in paths, (name, language)


def test_closing_a_testimony_purges_the_people_named_only_in_its_passages(
    purges, memorial_index, testimony_index
):
    from memorial.testimonies.models import ConsentRecord

    person = MemorialEntryPageFactory(parent=memorial_index)
    testimony = TestimonyPageFactory(parent=testimony_index)
    passage = TranscriptSegmentFactory(page=testimony, start_seconds=0)
    passage.people.set([person])
    passage.save()
    purges.clear()
    ConsentRecord.objects.create(testimony=testimony, status="withdrawn")
    assert person.url in purged_paths(purges)


def test_closing_a_person_purges_their_preview_picture(purges, memorial_index):
    person = MemorialEntryPageFactory(parent=memorial_index)
    purges.clear()
    person.access_level = "staff"
    person.save_revision().publish()
    assert f"/e/{person.identifier}/preview.png" in purged_paths(purges)


def test_closing_a_testimony_purges_its_captions(purges, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index)
    purges.clear()
    testimony.embargo_until = timezone.localdate() + timezone.timedelta(days=30)
    testimony.save_revision().publish()
    assert f"/transcripts/{testimony.pk}.vtt" in purged_paths(purges)
    purges.clear()
    testimony.unpublish()
    assert f"/transcripts/{testimony.pk}.vtt" in purged_paths(purges)


def test_a_place_renamed_in_the_admin_purges_the_pages_that_name_it(
    purges, archivist, memorial_index, django_capture_on_commit_callbacks
):
    place = PlaceFactory(name="Oldmarkvale", region="Fictional Uplands")
    person = MemorialEntryPageFactory(parent=memorial_index, birth_place=place)
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        archivist.post(
            f"/admin/snippets/entries/place/edit/{place.pk}/",
            {"name": "Newmarkvale", "other_names": "", "region": place.region},
        )
    assert not not_purged_in_every_language(purges, [page.url for page in (person, memorial_index)])


def test_a_place_merged_in_the_admin_purges_the_pages_that_named_either(
    purges, admin_client, memorial_index, django_capture_on_commit_callbacks
):
    duplicate = PlaceFactory(name="Oldmarkvale", region="Fictional Uplands")
    kept = PlaceFactory(name="Newmarkvale", region="Fictional Uplands")
    named_the_duplicate = MemorialEntryPageFactory(parent=memorial_index, birth_place=duplicate)
    named_the_kept = MemorialEntryPageFactory(parent=memorial_index, birth_place=kept)
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/snippets/entries/place/merge/{duplicate.pk}/", {"into": kept.pk})
    assert not not_purged_in_every_language(
        purges, [page.url for page in (named_the_duplicate, named_the_kept)]
    )


def test_a_merge_purges_each_address_once(
    purges, admin_client, home, memorial_index, django_capture_on_commit_callbacks
):
    """The merge purges what showed either place; the kept place's save and the duplicate's
    deletion inside it must not purge the same addresses again."""
    numbers = home.add_child(instance=ArchiveNumbersPage(title="In numbers", slug="numbers"))
    numbers.save_revision().publish()
    duplicate = PlaceFactory(name="Oldmarkvale", region="Fictional Uplands", other_names="Old")
    kept = PlaceFactory(name="Newmarkvale", region="Fictional Uplands", latitude=1, longitude=1)
    named = [
        MemorialEntryPageFactory(parent=memorial_index, birth_place=duplicate),
        MemorialEntryPageFactory(parent=memorial_index, birth_place=kept),
    ]
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/snippets/entries/place/merge/{duplicate.pk}/", {"into": kept.pk})
    assert not not_purged_in_every_language(purges, [page.url for page in named])
    assert not not_purged_in_every_language(purges, [numbers.url + f"places/{kept.pk}/"])
    twice = {url: times for url, times in Counter(purges).items() if times > 1}
    assert not twice, twice


def test_a_place_renamed_in_the_admin_purges_the_numbers_pages_that_name_it(
    purges, archivist, home, memorial_index, django_capture_on_commit_callbacks
):
    numbers = home.add_child(instance=ArchiveNumbersPage(title="In numbers", slug="numbers"))
    numbers.save_revision().publish()
    place = PlaceFactory(name="Oldmarkvale", region="Fictional Uplands", latitude=1, longitude=1)
    MemorialEntryPageFactory(parent=memorial_index, birth_place=place)
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        archivist.post(
            f"/admin/snippets/entries/place/edit/{place.pk}/",
            {"name": "Newmarkvale", "other_names": "", "region": place.region},
        )
    routes = ("", "map/", f"places/{place.pk}/")
    assert not not_purged_in_every_language(purges, [numbers.url + route for route in routes])


PURGING_TASKS = ("memorial.core.purging", "wagtail.contrib.frontend_cache")


def purging_queued(backend) -> list:
    return [
        queued for queued in backend.results if queued.task.module_path.startswith(PURGING_TASKS)
    ]


def paths_queued_for_purging(backend) -> set[str]:
    """The addresses already worked out in the request, queued for Wagtail's purge task."""
    return {
        urlsplit(url).path
        for queued in purging_queued(backend)
        if queued.task.module_path.startswith("wagtail")
        for url in queued.args[0]
    }


def run_purges_queued(backend) -> None:
    """Run the queued purging tasks, and those they queue, as a worker would."""
    done = set()
    while waiting := [queued for queued in purging_queued(backend) if queued.id not in done]:
        for queued in waiting:
            done.add(queued.id)
            queued.task.call(*queued.args, **queued.kwargs)


def test_a_renamed_place_is_purged_in_the_background_not_in_the_admin_request(
    purges, settings, archivist, memorial_index, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    from memorial.core.changes import archive_generation

    place = PlaceFactory(name="Oldmarkvale", region="Fictional Uplands")
    person = MemorialEntryPageFactory(parent=memorial_index, birth_place=place)
    generation = archive_generation()
    purges.clear()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        archivist.post(
            f"/admin/snippets/entries/place/edit/{place.pk}/",
            {"name": "Newmarkvale", "other_names": "", "region": place.region},
        )
    assert archive_generation() != generation  # the tokens are renewed at once
    assert person.url not in purged_paths(purges)  # not purged in the request
    assert person.url not in paths_queued_for_purging(default_task_backend)
    assert purging_queued(default_task_backend)
    run_purges_queued(default_task_backend)
    assert person.url in purged_paths(purges)


def test_a_file_edit_is_purged_in_the_background(
    purges, settings, memorial_index, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    portrait = ArchiveImageFactory()
    person = MemorialEntryPageFactory(parent=memorial_index, portrait=portrait)
    purges.clear()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        portrait.title = "Retitled"
        portrait.save()
    assert person.url not in purged_paths(purges)  # not purged in the saving request
    assert person.url not in paths_queued_for_purging(default_task_backend)
    assert purging_queued(default_task_backend)
    run_purges_queued(default_task_backend)
    assert person.url in purged_paths(purges)


def test_a_place_created_or_saved_unchanged_elsewhere_purges_nothing(
    purges, memorial_index, django_capture_on_commit_callbacks
):
    from memorial.core.changes import archive_generation

    generation = archive_generation()
    with django_capture_on_commit_callbacks(execute=True):
        place = PlaceFactory(name="Oldmarkvale")  # a new place is on no page yet
    assert purges == []
    assert archive_generation() == generation
    MemorialEntryPageFactory(parent=memorial_index, birth_place=place)
    purges.clear()
    generation = archive_generation()
    with django_capture_on_commit_callbacks(execute=True):
        place.save()  # nothing changed
    assert purges == []
    assert archive_generation() == generation


@pytest.mark.parametrize("how", ["saved", "deleted"])
def test_a_place_renamed_or_deleted_outside_the_admin_purges_the_pages_that_name_it(
    purges, memorial_index, django_capture_on_commit_callbacks, how
):
    from memorial.core.changes import archive_generation

    place = PlaceFactory(name="Oldmarkvale", region="Fictional Uplands")
    person = MemorialEntryPageFactory(parent=memorial_index, birth_place=place)
    generation = archive_generation()
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):  # a shell, a script, a command
        if how == "saved":
            place.name = "Newmarkvale"
            place.save()
        else:
            place.delete()
    assert archive_generation() != generation
    assert person.url in purged_paths(purges)


def test_a_place_renamed_in_the_admin_is_purged_once(
    purges, settings, archivist, memorial_index, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    place = PlaceFactory(name="Oldmarkvale", region="Fictional Uplands")
    MemorialEntryPageFactory(parent=memorial_index, birth_place=place)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        archivist.post(
            f"/admin/snippets/entries/place/edit/{place.pk}/",
            {"name": "Newmarkvale", "other_names": "", "region": place.region},
        )
    assert len(purging_queued(default_task_backend)) == 1


def translated(page, language, slug):
    copy = page.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True, alias=False
    )
    copy.slug = slug
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def test_publishing_a_translation_purges_the_other_languages_pages(purges, home):
    about = StandardPageFactory(parent=home, title="About the archive", slug="about")
    russian = translated(about, "ru", "ob-arhive")
    azerbaijani = translated(about, "az", "haqqinda")
    others = {"/about/", "/az/about/", "/ru/ob-arhive/"}  # each lists the languages it is in

    purges.clear()
    azerbaijani.save_revision().publish()
    assert others <= purged_paths(purges), purged_paths(purges)

    purges.clear()
    azerbaijani.unpublish()
    assert others <= purged_paths(purges), purged_paths(purges)
    assert russian.url == "/ru/ob-arhive/"


@pytest.mark.parametrize("restricted", ["section", "person"])
def test_a_view_restriction_purges_the_preview_pictures_beneath(
    purges, memorial_index, django_capture_on_commit_callbacks, restricted
):
    person = MemorialEntryPageFactory(parent=memorial_index)
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=memorial_index if restricted == "section" else person, restriction_type="login"
        )
    assert f"/e/{person.identifier}/preview.png" in purged_paths(purges)


def test_a_view_restriction_purges_the_section_and_everything_beneath(
    purges, memorial_index, home, django_capture_on_commit_callbacks
):
    people = MemorialEntryPageFactory.create_batch(3, parent=memorial_index)
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=memorial_index, restriction_type="login")
    paths = purged_paths(purges)
    for page in [memorial_index, home, *people]:
        assert page.url in paths and f"/ru{page.url}" in paths, page

    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.get().delete()
    assert people[0].url in purged_paths(purges)


def test_moving_a_page_purges_where_it_was_and_what_listed_it(
    purges, home, memorial_index, django_capture_on_commit_callbacks
):
    from ..factories import MemorialIndexPageFactory

    closed = MemorialIndexPageFactory(parent=home, title="Under review")
    PageViewRestriction.objects.create(page=closed, restriction_type="login")
    person = MemorialEntryPageFactory(parent=memorial_index)
    old_address = person.url
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        person.move(closed, pos="last-child")
    assert not not_purged_in_every_language(purges, (old_address, memorial_index.url, closed.url))


def test_moving_a_section_purges_the_old_address_of_every_page_beneath(
    purges, home, django_capture_on_commit_callbacks
):
    section = StandardPageFactory(parent=home, title="Family histories")
    beneath = [StandardPageFactory(parent=section, title=f"History {n}") for n in (1, 2)]
    old_addresses = [page.url for page in beneath]
    closed = StandardPageFactory(parent=home, title="Under review")
    PageViewRestriction.objects.create(page=closed, restriction_type="login")
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        section.move(closed, pos="last-child")
    paths = purged_paths(purges)
    for path in old_addresses:
        assert path in paths and f"/az{path}" in paths, path


def test_a_portrait_moved_into_a_private_collection_purges_the_pages_that_showed_it(
    purges, memorial_index, django_capture_on_commit_callbacks
):
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Family photographs (private)")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    portrait = ArchiveImageFactory()
    person = MemorialEntryPageFactory(parent=memorial_index, portrait=portrait)
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        portrait.collection = private
        portrait.save()
    paths = purged_paths(purges)
    for path in (person.url, f"/ru{person.url}", memorial_index.url):
        assert path in paths, path
    assert f"/e/{person.identifier}/preview.png" in purged_paths(purges)


def test_nothing_is_looked_up_without_a_proxy(settings, memorial_index, django_assert_num_queries):
    settings.WAGTAILFRONTENDCACHE = {}
    entry = MemorialEntryPageFactory(parent=memorial_index)
    with django_assert_num_queries(0):
        purge_with_related(entry)


def test_the_purge_url_setting_configures_the_http_backend(monkeypatch):
    import importlib

    from memorial.settings import base

    monkeypatch.setenv("FRONTEND_CACHE_PURGE_URL", "http://127.0.0.1:6081")
    try:
        reloaded = importlib.reload(base)
        backend = reloaded.WAGTAILFRONTENDCACHE["default"]
        assert backend["BACKEND"] == "wagtail.contrib.frontend_cache.backends.HTTPBackend"
        assert backend["LOCATION"] == "http://127.0.0.1:6081"
    finally:
        monkeypatch.delenv("FRONTEND_CACHE_PURGE_URL")
        importlib.reload(base)


# Cache-Control ----------------------------------------------------------------------------
def shared(response) -> bool:
    return "public" in response.get("Cache-Control", "")


def test_a_public_page_for_a_visitor_may_be_kept_by_shared_caches(settings, testimony_index):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 120
    testimony = TestimonyPageFactory(parent=testimony_index)
    response = Client().get(testimony.url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "s-maxage=120" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]  # browsers ask again: purges reach readers
    assert "Cookie" in response["Vary"]


def test_a_shared_page_does_not_vary_by_the_browsers_languages(testimony_index):
    """Its language is the address's (/az/, /ru/, none for English), whatever the browser
    prefers: a proxy keeping one copy per Accept-Language would rarely hit."""
    testimony = TestimonyPageFactory(parent=testimony_index)
    for url in (testimony.url, f"/ru{testimony.url}"):
        response = Client().get(url, HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.8")
        assert shared(response), url
        assert "Accept-Language" not in response["Vary"], url
        again = Client().get(url, HTTP_ACCEPT_LANGUAGE="az")
        assert again.content == response.content, url


def test_no_shared_caching_for_forms_restricted_pages_signed_in_viewers_or_previews(
    staff, memorial_index, testimony_index
):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    closed = TestimonyPageFactory(
        parent=testimony_index, access_level="researchers", restricted_listing="details"
    )
    open_testimony = TestimonyPageFactory(parent=testimony_index)

    assert not shared(Client().get(f"{entry.url}remember/"))  # a form with a CSRF token
    assert not shared(Client().get(closed.url))
    assert not shared(staff[0].get(open_testimony.url))
    assert not shared(open_testimony.make_preview_request())


def test_what_a_signed_in_reader_is_shown_is_never_stored_by_any_cache(researcher, testimony_index):
    closed = TestimonyPageFactory(
        parent=testimony_index, access_level="researchers", summary="<p>Closedsummaryword</p>"
    )
    response = researcher[0].get(closed.url)
    assert "Closedsummaryword" in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_answers_no_purge_reaches_are_not_kept_by_shared_caches(memorial_index):
    """Search, suggestions, the API, OAI-PMH and the 404 of a closed person name what may
    be closed a moment later (consent withdrawn), and no purge names their addresses: a
    proxy must not keep them by a default rule of its own."""
    person = MemorialEntryPageFactory(parent=memorial_index, family_name="Quarnevel")
    closed = MemorialEntryPageFactory(parent=memorial_index, access_level="staff")
    for url in (
        "/search/?q=Quarnevel",
        "/search/suggest/?q=Quar",
        "/api/v2/pages/",
        f"/api/v2/pages/{person.pk}/",
        "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc",
        closed.url,
        "/no-such-page/",
    ):
        response = Client().get(url)
        assert "private" in response.get("Cache-Control", ""), (url, response.status_code)


def test_shared_caching_can_be_turned_off(settings, testimony_index):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    testimony = TestimonyPageFactory(parent=testimony_index)
    assert not shared(Client().get(testimony.url))
