"""The commonest surnames' searches are answered ahead, and never outlive a change."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from redis.exceptions import RedisError

from memorial.core.changes import mark_archive_changed
from search.prepared import (
    commonest_family_names,
    popular_searches,
    prepare_common_searches,
    searches_for,
)

pytestmark = pytest.mark.django_db


def counted_or_ranked(queries) -> list[str]:
    """Statements that rank and count people or count testimonies and galleries."""
    return [
        query["sql"]
        for query in queries
        if "WITH matched" in query["sql"] or "COUNT(" in query["sql"].upper()
    ]


def common_archive(person, surname="Varnholt", people=3):
    for given in ["Tamar", "Ilse", "Oskar", "Greta", *(f"Given{n}" for n in range(10))][:people]:
        person(surname, given=given)
    person("Quellmark")


def test_the_commonest_names_count_only_what_the_public_may_see(person):
    common_archive(person, people=2)
    for given in ("Anna", "Berta", "Clara"):
        person("Hiddenberg", given=given, access_level="staff")
    person("Draftsson", given="Dora").unpublish()
    assert commonest_family_names(5) == ["Varnholt", "Quellmark"]
    assert commonest_family_names(1) == ["Varnholt"]


def test_a_name_is_prepared_as_archived_and_as_typed_in_latin_letters():
    texts = searches_for(["Məmmədov", "Мамедов"])
    assert texts[0] == "məmmədov"
    assert "mamadov" in texts and "mamedov" in texts
    assert len(texts) == len(set(texts))  # Мамедов's "mamedov" is not prepared twice


def test_a_prepared_search_is_answered_without_ranking_or_counting(client, person):
    common_archive(person)
    done = prepare_common_searches(names=1)
    assert done is not None and done.searches >= 1
    with CaptureQueriesContext(connection) as asked:
        response = client.get("/search/", {"q": "Varnholt"})
    assert response.status_code == 200
    assert "3 people found" in response.content.decode()
    assert counted_or_ranked(asked.captured_queries) == []


def test_preparing_again_without_a_change_does_nothing(person):
    common_archive(person)
    assert prepare_common_searches(names=2) is not None
    assert prepare_common_searches(names=2) is None
    assert prepare_common_searches(names=2, force=True) is not None


def test_a_publish_after_preparing_is_seen_at_once(client, person):
    common_archive(person)
    prepare_common_searches(names=1)
    newcomer = person("Varnholt", given="Greta")
    assert "4 people found" in client.get("/search/", {"q": "Varnholt"}).content.decode()
    newcomer.unpublish()
    html = client.get("/search/", {"q": "Varnholt"}).content.decode()
    assert "3 people found" in html and "Greta Varnholt" not in html
    # The change asks for a new preparation.
    assert prepare_common_searches(names=1) is not None


def test_an_edit_to_a_person_prepares_their_name_again_and_no_other(client, person):
    # Ten of a name: no close spellings are looked for (on PostgreSQL), whose results any
    # change to anyone renews.
    common_archive(person, people=10)
    quellmark = person("Quellmark", given="Ilse")
    prepare_common_searches(names=1)  # Varnholt only
    quellmark.occupation = "Weaver"
    quellmark.save_revision().publish()
    assert prepare_common_searches(names=1) is None  # nothing prepared could hold her
    varnholt = person("Varnholt", given="Newcomer")
    done = prepare_common_searches(names=1)
    assert done is not None
    with CaptureQueriesContext(connection) as asked:
        response = client.get("/search/", {"q": "Varnholt"})
    assert "11 people found" in response.content.decode()
    assert counted_or_ranked(asked.captured_queries) == []
    varnholt.unpublish()


def test_the_searches_asked_most_are_prepared_too(client, person):
    common_archive(person)
    person("Quellmark", given="Ilse")
    for _ in range(3):
        client.get("/search/", {"q": "Quellmark"})
    client.get("/search/", {"q": "Ostrander"})
    assert popular_searches(1) == ["quellmark"]
    assert popular_searches(0) == []
    mark_archive_changed()
    done = prepare_common_searches(names=1, popular=1)
    assert done.searches == len(searches_for(["Varnholt"])) + 1
    with CaptureQueriesContext(connection) as asked:
        response = client.get("/search/", {"q": "Quellmark"})
    assert "2 people found" in response.content.decode()
    assert counted_or_ranked(asked.captured_queries) == []


def test_the_command_reports_what_it_did(person):
    common_archive(person)
    out = StringIO()
    call_command("prepare_searches", "--names", "1", stdout=out)
    assert "Prepared" in out.getvalue() and "searches" in out.getvalue()
    out = StringIO()
    call_command("prepare_searches", "--names", "1", stdout=out)
    assert "Nothing has changed" in out.getvalue()
    with pytest.raises(CommandError, match="zero or more"):
        call_command("prepare_searches", "--names", "-1")
    with pytest.raises(CommandError, match="zero or more"):
        call_command("prepare_searches", "--popular", "-1")
    out = StringIO()
    call_command("prepare_searches", "--names", "0", "--popular", "0", stdout=out)
    assert "Preparing no searches" in out.getvalue()


@pytest.mark.parametrize(
    "error, part",
    [(OperationalError("connection refused"), "database"), (RedisError("refused"), "cache")],
)
def test_the_command_survives_an_outage(monkeypatch, error, part):
    def unavailable(*args, **kwargs):
        raise error

    monkeypatch.setattr(
        "search.management.commands.prepare_searches.prepare_common_searches", unavailable
    )
    err = StringIO()
    call_command("prepare_searches", stderr=err)
    assert f"the {part} is unavailable" in err.getvalue()


def test_the_command_keeps_looking_for_changes(person, monkeypatch):
    common_archive(person)
    rounds = []

    def sleep(seconds):
        rounds.append(seconds)
        if len(rounds) == 2:
            raise KeyboardInterrupt  # stop the loop after its second look

    monkeypatch.setattr("search.management.commands.prepare_searches.time.sleep", sleep)
    # Between rounds the command lets go of stale connections; the test's own connection,
    # inside the test's transaction, must stay.
    monkeypatch.setattr(
        "search.management.commands.prepare_searches.close_old_connections", lambda: None
    )
    out = StringIO()
    with pytest.raises(KeyboardInterrupt):
        call_command("prepare_searches", "--names", "1", "--every", "7", stdout=out)
    assert rounds == [7, 7]
    assert "Prepared" in out.getvalue() and "Nothing has changed" in out.getvalue()


def test_the_command_keeps_the_oai_ledger_of_withdrawn_records(client, person):
    from memorial.records.models import HarvestedRecord

    someone = person("Quellmark")
    client.get("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    record = HarvestedRecord.objects.get(kind="entry", page_id=someone.pk)
    assert record.withdrawn_at is None
    someone.unpublish()
    call_command("prepare_searches", "--names", "1", stdout=StringIO())
    record.refresh_from_db()
    assert record.withdrawn_at is not None
