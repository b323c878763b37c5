"""The database goes away: visitors get a calm 503, families are told nothing was kept,
and the site answers normally again as soon as the database is back."""

import contextlib
from pathlib import Path

import pytest
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client

from memorial.core.models import ArchiveImage
from memorial.core.page_cache import HIT_HEADER
from memorial.remembrances import upload_store
from memorial.remembrances.models import RemembrancePage, Submission

from ..factories import MemorialEntryPageFactory
from ..remembrances.test_remembrance_flow import form_data, photo
from .conftest import REFUSAL, database_down

pytestmark = pytest.mark.django_db

FRIENDLY = "The archive is briefly unavailable"
NOTHING_KEPT = "could not be saved, and nothing was kept"


@pytest.fixture(autouse=True)
def own_file_areas(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-temp")
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes through a temporary file
    (tmp_path / "upload-temp").mkdir()
    return tmp_path


@pytest.fixture
def entry(memorial_index):
    return MemorialEntryPageFactory(parent=memorial_index, given_name="Ilse", family_name="Marrow")


def assert_outage_page(response, *, sent_something=False):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert FRIENDLY in html
    assert (NOTHING_KEPT in html) is sent_something
    for detail in ("Traceback", "OperationalError", "db.internal.example", "10.20.30.40"):
        assert detail not in html


def files_under(folder) -> list[Path]:
    root = Path(folder)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def stored_rows():
    return Submission.objects.count(), RemembrancePage.objects.count(), ArchiveImage.objects.count()


def test_public_pages_answer_503_while_the_database_is_down_and_recover(client, home, entry):
    urls = ["/", entry.url, "/search/?q=Marrow"]
    with database_down():
        for url in urls:
            assert_outage_page(client.get(url))
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["database"] == "down"

    for url in urls:
        assert client.get(url).status_code == 200, url
    assert client.get("/healthz").json()["database"] == "ok"
    assert "Ilse" in client.get(entry.url).content.decode()


def test_a_page_visitors_already_had_is_still_served_while_the_database_is_down(
    client, home, entry
):
    assert client.get(entry.url).status_code == 200  # now stored for anonymous visitors
    with database_down():
        stored = Client().get(entry.url)
        assert stored.status_code == 200 and stored[HIT_HEADER] == "hit"
        assert "Ilse" in stored.content.decode()
        assert_outage_page(Client().get("/search/?q=Marrow"))


def test_a_remembrance_sent_during_an_outage_is_refused_and_nothing_is_kept(
    client, entry, own_file_areas, settings
):
    remember = f"{entry.url}remember/"
    data = form_data(photo_1=photo("garden.jpg"), alt_1="A garden gate")
    with database_down():
        response = client.post(remember, data)
    assert_outage_page(response, sent_something=True)
    assert stored_rows() == (0, 0, 0)
    assert files_under(settings.MEDIA_ROOT) == []
    assert files_under(upload_store.uploads_root()) == []
    assert files_under(settings.FILE_UPLOAD_TEMP_DIR) == []

    again = client.post(remember, form_data(photo_1=photo("garden.jpg"), alt_1="A garden gate"))
    assert again.status_code == 302
    assert stored_rows() == (1, 1, 1)


@contextlib.contextmanager
def database_lost_when(sql_prefix: str):
    """The database answers until a query starting with `sql_prefix`, then never again.

    Rolling back (to a savepoint, and releasing it) still goes through: a real server drops
    the whole transaction with the connection; the test's transaction must undo its part.
    """
    lost = False

    def execute(execute_sql, sql, params, many, context):
        nonlocal lost
        statement = sql.lstrip().upper()
        if statement.startswith(sql_prefix.upper()):
            lost = True
        if lost and not statement.startswith(("ROLLBACK", "RELEASE")):
            raise OperationalError(REFUSAL)
        return execute_sql(sql, params, many, context)

    with connection.execute_wrapper(execute):
        yield


def test_a_database_lost_while_a_photograph_is_saved_leaves_nothing_behind(client, entry, settings):
    remember = f"{entry.url}remember/"
    data = form_data(photo_1=photo("garden.jpg"), alt_1="A garden gate")
    table = connection.ops.quote_name(ArchiveImage._meta.db_table)
    with database_lost_when(f"INSERT INTO {table}"):
        response = client.post(remember, data)
    assert_outage_page(response, sent_something=True)
    assert stored_rows() == (0, 0, 0)
    assert files_under(settings.MEDIA_ROOT) == []
    assert files_under(upload_store.uploads_root()) == []
    assert files_under(settings.FILE_UPLOAD_TEMP_DIR) == []


def test_a_database_lost_inside_a_middleware_still_answers_503(settings, home):
    """Session, sign-in and 2FA middleware query before any view; they are covered too."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.reliability.middleware.QueryingMiddleware"]
    client = Client(raise_request_exception=False)
    with database_down():
        assert_outage_page(client.get("/"))
    assert client.get("/").status_code == 200


def test_programming_errors_are_not_hidden_behind_the_outage_page(client, home, monkeypatch):
    from wagtail.models import Site

    def broken(*args, **kwargs):
        raise OperationalError("no such table: entries_misspelt")

    # The database answers, so an OperationalError here is a bug: a 500, raised to the test.
    monkeypatch.setattr(Site, "find_for_request", broken)
    with pytest.raises(OperationalError):
        client.get("/")

    monkeypatch.setattr(
        Site,
        "find_for_request",
        lambda *a, **k: (_ for _ in ()).throw(ProgrammingError("relation does not exist")),
    )
    with pytest.raises(ProgrammingError):
        client.get("/")
