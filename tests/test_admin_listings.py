"""Archivists' flat listings and snippet screens render, with their filters."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from memorial.core.dashboard import SHOWN
from memorial.entries.models import MemorialEntryPage
from memorial.remembrances.models import Submission, SubmissionKind
from memorial.remembrances.moderation import MODERATORS_GROUP, send_for_moderation
from memorial.testimonies.models import ConsentRecord

from .factories import (
    KeywordFactory,
    MemorialEntryPageFactory,
    PlaceFactory,
    TestimonyPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archivist_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("archivist", "a@example.invalid", "pw")
    client.force_login(user)
    return client


def test_entry_listing_shows_identifiers_and_filters(archivist_client, memorial_index):
    MemorialEntryPageFactory(parent=memorial_index, identifier="demo-00077", sex="female")
    MemorialEntryPageFactory(parent=memorial_index, identifier="demo-00078", sex="male")
    html = archivist_client.get("/admin/memorial_entries/").content.decode()
    assert "demo-00077" in html and "demo-00078" in html
    filtered = archivist_client.get("/admin/memorial_entries/", {"sex": "female"})
    assert filtered.status_code == 200
    assert "demo-00077" in filtered.content.decode()
    assert "demo-00078" not in filtered.content.decode()


def test_testimony_listing_filters_by_access(archivist_client, testimony_index):
    TestimonyPageFactory(parent=testimony_index, title="Openone")
    TestimonyPageFactory(parent=testimony_index, title="Closedone", access_level="staff")
    html = archivist_client.get("/admin/testimony_listing/", {"access_level": "staff"})
    assert html.status_code == 200
    assert "Closedone" in html.content.decode() and "Openone" not in html.content.decode()


def test_place_and_keyword_snippets_are_listed(archivist_client):
    PlaceFactory(name="Velmorashore")
    KeywordFactory(name="Childhood")
    assert "Velmorashore" in archivist_client.get("/admin/snippets/entries/place/").content.decode()
    keyword_html = archivist_client.get("/admin/snippets/testimonies/keyword/").content.decode()
    assert "Childhood" in keyword_html


def test_entry_editor_groups_fields_the_way_archivists_think(archivist_client, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    html = archivist_client.get(f"/admin/pages/{entry.pk}/edit/").content.decode()
    tabs = ("person", "life", "death", "sources", "relations", "access")
    positions = [html.find(f'id="tab-label-{tab}"') for tab in tabs]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert "Leave empty to generate one" in html, "help text reaches the editor"


@pytest.mark.parametrize(
    "address, words",
    [
        ("/admin/snippets/entries/place/", "Velmorashore"),
        ("/admin/snippets/testimonies/keyword/", "Childhood"),
        ("/admin/snippets/testimonies/keyword/", "growing up"),  # its scope note
        ("/admin/snippets/remembrances/submission/", "Zorvath"),
        ("/admin/snippets/testimonies/consentrecord/", "Zorvath"),
    ],
)
def test_every_snippet_listing_can_be_searched(archivist_client, address, words):
    PlaceFactory(name="Velmorashore")
    KeywordFactory(name="Childhood", scope_note="Memories of growing up.")
    response = archivist_client.get(address, {"q": words})
    assert response.status_code == 200


def test_places_are_found_by_any_of_their_names(archivist_client):
    PlaceFactory(name="Velmorashore", other_names="Velmor; Вельмора")
    PlaceFactory(name="Quellbrook")
    html = archivist_client.get("/admin/snippets/entries/place/", {"q": "Вельмора"}).content
    assert "Velmorashore" in html.decode() and "Quellbrook" not in html.decode()


def test_keywords_are_found_by_their_scope_note(archivist_client):
    KeywordFactory(name="Childhood", scope_note="Memories of growing up.")
    KeywordFactory(name="Harvest")
    html = archivist_client.get("/admin/snippets/testimonies/keyword/", {"q": "growing"})
    assert "Childhood" in html.content.decode() and "Harvest" not in html.content.decode()


def add_keyword_pair(number):
    KeywordFactory(name=f"Term {number}", broader=KeywordFactory(name=f"Broader {number}"))


def add_consent_record(number, testimony_index):
    ConsentRecord.objects.create(
        testimony=TestimonyPageFactory(parent=testimony_index, title=f"Testimony {number}")
    )


def add_submission(number, memorial_index, **entry_fields):
    family = {
        "submitter_name": f"Sender {number}",
        "relationship": "niece",
        "email": "family@example.org",
        "may_contact": False,
    }
    submission = Submission.record(
        SubmissionKind.PROPOSED_ENTRY, family, may_publish_text=True, may_publish_photos=True
    )
    submission.page = MemorialEntryPageFactory(parent=memorial_index, live=False, **entry_fields)
    submission.save()
    return submission


@pytest.mark.parametrize(
    ("address", "add_row"),
    [
        ("/admin/snippets/testimonies/keyword/", lambda n, world: add_keyword_pair(n)),
        (
            "/admin/snippets/testimonies/consentrecord/",
            lambda n, world: add_consent_record(n, world["testimonies"]),
        ),
        (
            "/admin/snippets/remembrances/submission/",
            lambda n, world: add_submission(n, world["names"]),
        ),
    ],
    ids=["keywords", "consent records", "family submissions"],
)
def test_snippet_listings_ask_the_same_queries_however_many_rows_they_show(
    archivist_client, memorial_index, testimony_index, address, add_row
):
    world = {"names": memorial_index, "testimonies": testimony_index}

    def queries_with(rows):
        while len(added) < rows:
            add_row(len(added), world)
            added.append(True)
        with CaptureQueriesContext(connection) as queries:
            assert archivist_client.get(address).status_code == 200
        return len(queries)

    added = []
    assert queries_with(2) == queries_with(8)


@pytest.mark.parametrize(
    "address",
    [
        "/admin/choose-page/{names}/?page_type=entries.memorialentrypage",
        "/admin/choose-page/{names}/",
        "/admin/choose-page/search/?q=Tessaro&page_type=entries.memorialentrypage",
    ],
    ids=["relative chooser", "any page", "chooser search"],
)
def test_the_page_chooser_reads_page_statuses_in_the_same_queries_however_many_it_shows(
    archivist_client, memorial_index, address
):
    """Choosing a relative means browsing a collection of 100,000 people, 25 at a time; each
    row's status (scheduled? in moderation?) asked two queries of its own."""
    url = address.format(names=memorial_index.pk)

    def queries_with(rows):
        while memorial_index.get_children_count() < rows:
            MemorialEntryPageFactory(parent=memorial_index).save_revision().publish()
        with CaptureQueriesContext(connection) as queries:
            assert archivist_client.get(url).status_code == 200
        status_tables = ('"wagtailcore_revision"', '"wagtailcore_workflowstate"')
        return sum(any(t in q["sql"] for t in status_tables) for q in queries)

    assert queries_with(2) == queries_with(6)


def queries_listing_locked_pages(client, user, parent, address, rows):
    """The queries of `address` (asked twice: the first visit fills caches) once `user` has
    locked `rows` published entries, each of which it must list."""
    while MemorialEntryPage.objects.filter(locked=True).count() < rows:
        entry = MemorialEntryPageFactory(parent=parent)
        entry.save_revision(user=user).publish()
        entry.refresh_from_db()
        entry.locked, entry.locked_by, entry.locked_at = True, user, timezone.now()
        entry.save(update_fields=["locked", "locked_by", "locked_at"])
    client.get(address)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(address).content.decode()
    locked = MemorialEntryPage.objects.filter(locked=True)
    assert all(title in html for title in locked.values_list("title", flat=True))
    return len(queries)


def test_the_dashboard_reads_locked_pages_statuses_in_the_same_queries_however_many(
    client, django_user_model, memorial_index
):
    """An archivist's dashboard lists the pages they locked, each with its status."""
    user = django_user_model.objects.create_superuser("locker", "l@example.invalid", "pw")
    client.force_login(user)
    listed = [
        queries_listing_locked_pages(client, user, memorial_index, "/admin/", rows)
        for rows in (2, 6)
    ]
    assert listed[0] == listed[1]


def send_a_proposal_for_moderation(number, memorial_index):
    submission = add_submission(number, memorial_index, title=f"Proposed {number}")
    send_for_moderation(submission.page, submission)


@pytest.fixture
def moderator_client(client, django_user_model):
    user = django_user_model.objects.create_user("moderator", password="x")
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    client.force_login(user)
    return client


def test_the_dashboards_moderation_queue_asks_the_same_queries_however_long_it_is(
    archivist_client, memorial_index
):
    """Families send proposals by the thousand; each row of "Awaiting your review" asked
    for its workflow's tasks, and every one waiting was listed. (A superuser: for someone
    in Moderators, whether they may open a row's editor still asks two queries a row,
    memorial.remembrances.moderator_scope, of the rows shown only.)"""
    sent = []

    def queries_with(waiting):
        while len(sent) < waiting:
            send_a_proposal_for_moderation(len(sent), memorial_index)
            sent.append(True)
        archivist_client.get("/admin/")  # what the first visit caches
        with CaptureQueriesContext(connection) as queries:
            html = archivist_client.get("/admin/").content.decode()
        assert "Awaiting your review" in html and f"Proposed {waiting - 1}" in html
        return len(queries)

    assert queries_with(3) == queries_with(12)


def test_the_moderation_queue_shows_the_latest_and_links_to_the_rest(
    moderator_client, memorial_index
):
    for number in range(SHOWN + 2):
        send_a_proposal_for_moderation(number, memorial_index)
    html = moderator_client.get("/admin/").content.decode()
    assert f"Proposed {SHOWN + 1}" in html, "the latest first"
    assert "Proposed 1<" not in html and "Proposed 0<" not in html
    assert f"The latest {SHOWN} of {SHOWN + 2} awaiting your review are shown." in html
    report = "/admin/reports/workflow/?reviewable=true"
    assert f'href="{report}"' in html
    listed = moderator_client.get(report).content.decode()
    assert "Proposed 0" in listed and "Proposed 1" in listed


@pytest.mark.parametrize("address", ["/admin/reports/locked/", "/admin/reports/locked/results/"])
def test_the_locked_pages_report_asks_the_same_queries_however_many_pages_it_lists(
    client, django_user_model, memorial_index, address
):
    """Wagtail's report asked seven queries a locked page (locale, who locked it, site root
    twice, schedule, workflow, languages left to translate into)."""
    user = django_user_model.objects.create_superuser("locker", "l@example.invalid", "pw")
    client.force_login(user)
    listed = [
        queries_listing_locked_pages(client, user, memorial_index, address, rows)
        for rows in (3, 12)
    ]
    assert listed[0] == listed[1]


def test_the_locked_pages_report_is_for_admin_users_only(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="x")
    client.force_login(user)
    response = client.get("/admin/reports/locked/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
