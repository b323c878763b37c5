"""Search results are cached until the public archive changes, and never show a hidden row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from memorial.core.changes import mark_archive_changed
from memorial.entries.models import MemorialEntryPage
from search.queries import SearchQuery

from ..factories import PlaceFactory, TestimonyPageFactory

pytestmark = pytest.mark.django_db


def people(q="Varnholt"):
    return [entry.title for entry in SearchQuery.from_params({"q": q}).first_window[1]]


def test_a_repeated_search_is_answered_from_the_cache(person):
    person("Varnholt")
    people()
    with CaptureQueriesContext(connection) as repeated:
        assert people() == ["Tamar Varnholt"]
    # Only the rows shown are read again (through public_pages); no ranking or counting.
    assert not any("WITH matched" in query["sql"] for query in repeated.captured_queries)


def test_publishing_and_unpublishing_make_cached_results_stale(person):
    first = person("Varnholt")
    assert people() == ["Tamar Varnholt"]
    second = person("Varnholt", given="Ilse")
    assert sorted(people()) == ["Ilse Varnholt", "Tamar Varnholt"]
    second.unpublish()
    assert people() == ["Tamar Varnholt"]
    PageViewRestriction.objects.create(page=first, restriction_type="password", password="x")
    assert people() == []


def test_a_stale_cache_never_shows_a_person_who_was_closed_without_a_signal(person):
    entry = person("Varnholt")
    assert people() == ["Tamar Varnholt"]
    # A bulk update sends no signal: the cached ids are stale, the rows shown are not.
    MemorialEntryPage.objects.filter(pk=entry.pk).update(access_level="staff")
    assert people() == []
    mark_archive_changed()
    assert SearchQuery.from_params({"q": "Varnholt"}).facets.total == 0


def test_a_change_within_a_request_is_seen_by_the_rest_of_that_request(person):
    from memorial.core.privacy import request_scope

    with request_scope():
        person("Varnholt")
        assert people() == ["Tamar Varnholt"]
        person("Varnholt", given="Ilse")  # a publish inside the same request
        assert sorted(people()) == ["Ilse Varnholt", "Tamar Varnholt"]


def test_text_counts_and_previews_are_cached_and_follow_changes(testimony_index):
    TestimonyPageFactory(parent=testimony_index, title="Velmarin remembered")
    query = SearchQuery.from_params({"q": "Velmarin"})
    assert query.text_matches("testimony", 3)[0] == 1
    with CaptureQueriesContext(connection) as repeated:
        count, pages = SearchQuery.from_params({"q": "Velmarin"}).text_matches("testimony", 3)
    assert count == 1 and [page.title for page in pages] == ["Velmarin remembered"]
    assert not any("COUNT(" in q["sql"].upper() for q in repeated.captured_queries)
    pages[0].unpublish()
    assert SearchQuery.from_params({"q": "Velmarin"}).text_matches("testimony", 3) == (0, [])


def test_saving_a_draft_keeps_cached_results_and_publishing_it_does_not(person):
    from memorial.core.changes import archive_generation

    entry = person("Varnholt")
    before = archive_generation()
    entry.family_name, entry.title = "Quellmark", "Tamar Quellmark"
    revision = entry.save_revision()  # a draft: the public still sees Varnholt
    assert archive_generation() == before
    assert people() == ["Tamar Varnholt"]
    revision.publish()
    assert archive_generation() != before
    assert people() == [] and people("Quellmark") == ["Tamar Quellmark"]


@pytest.mark.parametrize("pages", [0, 2, 3, 5])
def test_text_counts_are_right_whether_or_not_the_previews_hold_them_all(testimony_index, pages):
    for number in range(pages):
        TestimonyPageFactory(parent=testimony_index, title=f"Velmarin account {number}")
    for previews in (0, 3):
        count, shown = SearchQuery.from_params({"q": "Velmarin"}).text_matches(
            "testimony", previews
        )
        assert count == pages
        assert len(shown) == min(pages, previews)


def test_a_remembrance_approved_keeps_search_results_and_renews_the_pages(person):
    from memorial.core.changes import archive_generation
    from memorial.remembrances.models import RemembrancePage

    entry = person("Varnholt")
    people()
    before = archive_generation()
    page = entry.add_child(
        instance=RemembrancePage(
            title="For Tamar", slug="for-tamar", text="We remember.", live=False
        )
    )
    page.save_revision().publish()  # as a moderator's approval does
    page.refresh_from_db()
    assert page.live
    assert archive_generation() != before  # the entry page shows it: stored pages renew
    with CaptureQueriesContext(connection) as repeated:
        assert people() == ["Tamar Varnholt"]
    assert not any("WITH matched" in query["sql"] for query in repeated.captured_queries)
    page.delete()
    with CaptureQueriesContext(connection) as repeated:
        assert people() == ["Tamar Varnholt"]
    assert not any("WITH matched" in query["sql"] for query in repeated.captured_queries)


def test_only_pages_search_never_reaches_leave_its_results():
    from wagtail.models import get_page_models

    from memorial.entries.models import MemorialIndexPage
    from memorial.galleries.models import GalleryPage
    from memorial.testimonies.models import TestimonyPage

    searched = (MemorialEntryPage, TestimonyPage, GalleryPage, MemorialIndexPage)
    for model in get_page_models():
        if getattr(model, "reaches_search", True):
            continue
        assert model.subpage_types == [], f"{model.__name__} may hold searched pages"
        assert not issubclass(model, searched), f"{model.__name__} is searched"


def ranked(queries) -> bool:
    return any("WITH matched" in query["sql"] for query in queries.captured_queries)


def test_editing_one_person_keeps_the_results_of_searches_that_cannot_find_them(person):
    # Ten of a name: enough that no close spellings are looked for on PostgreSQL, whose
    # results any change to anyone renews.
    given_names = [f"Given{number}" for number in range(10)]
    for given in given_names:
        person("Varnholt", given=given)
    other = person("Quellmark", given="Ilse")
    people(), people("Quellmark")
    other.occupation = "Weaver"
    other.save_revision().publish()
    with CaptureQueriesContext(connection) as unrelated:
        assert len(people()) == 10
    assert not ranked(unrelated)
    with CaptureQueriesContext(connection) as related:
        assert people("Quellmark") == ["Ilse Quellmark"]
    assert ranked(related)  # the person's own name is counted again


def test_a_renewal_inside_a_transaction_is_made_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    from memorial.core.changes import archive_generation, mark_archive_changed
    from memorial.core.privacy import forget_memoised

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        mark_archive_changed()
        during = archive_generation()
    forget_memoised("archive:generation")
    assert archive_generation() != during


def test_a_page_never_published_is_saved_without_renewing_anything(person, memorial_index):
    from memorial.core.changes import archive_generation

    draft = person("Varnholt", live=False)
    before = archive_generation()
    draft.occupation = "Weaver"
    draft.save()  # as the admin saves a page that was never published
    assert archive_generation() == before
    published = person("Quellmark")
    before = archive_generation()
    published.unpublish()
    assert archive_generation() != before


def test_a_change_to_a_person_shows_in_the_facets_of_their_name(person):
    entry = person("Varnholt", birth_place=None)
    assert SearchQuery.from_params({"q": "Varnholt"}).facets.birth_places == []
    entry.birth_place = PlaceFactory(name="Velmora")
    entry.save_revision().publish()
    [facet] = SearchQuery.from_params({"q": "Varnholt"}).facets.birth_places
    assert (facet.label, facet.count) == ("Velmora", 1)


def test_a_renamed_person_leaves_their_old_name_and_joins_their_new_one(person):
    entry = person("Varnholt", variants=[("Варнхольт", "ru")])
    person("Quellmark", given="Ilse")
    assert people("Варнхольт") == ["Tamar Varnholt"] and people("Quellmark") == ["Ilse Quellmark"]
    entry.family_name, entry.title = "Quellmark", "Tamar Quellmark"
    entry.name_variants = []
    entry.save_revision().publish()
    assert people("Варнхольт") == [] and people() == []
    assert sorted(people("Quellmark")) == ["Ilse Quellmark", "Tamar Quellmark"]


def test_deleting_a_person_renews_every_result(person):
    from memorial.core.changes import searched_state

    entry = person("Varnholt")
    before = searched_state()
    entry.delete()
    assert searched_state() != before
    assert people() == []


def test_close_spellings_follow_any_change_to_a_person():
    from memorial.core.name_generations import names_changed, names_state

    strict, close = names_state(["varnholt"]), names_state(["varnholt"], close_spellings=True)
    assert names_state(["varnholt"]) == strict  # read again, unchanged
    names_changed(["quellmark"])
    assert names_state(["varnholt"]) == strict
    assert names_state(["varnholt"], close_spellings=True) != close
    names_changed(["varnholt"])
    assert names_state(["varnholt"]) != strict


def test_results_are_kept_over_midnight_unless_an_embargo_lifts(person, monkeypatch):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    person("Varnholt")
    person("Varnholt", given="Ilse", embargo_until=today + datetime.timedelta(days=2))
    assert people() == ["Tamar Varnholt"]

    def on(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    on(today + datetime.timedelta(days=1))  # midnight, and nothing lifts
    with CaptureQueriesContext(connection) as next_day:
        assert people() == ["Tamar Varnholt"]
    assert not ranked(next_day)
    on(today + datetime.timedelta(days=2))  # the embargo's day
    assert sorted(people()) == ["Ilse Varnholt", "Tamar Varnholt"]
