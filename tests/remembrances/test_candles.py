import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from memorial.remembrances.candles import light_candle, prune_old_candles, visitor_key
from memorial.remembrances.models import CandleCount, CandleLit

from ..factories import MemorialEntryPageFactory

DAY = datetime.date(2030, 3, 14)
BROWSER = "Mozilla/5.0 (fictional test browser)"


def candle_url(entry):
    return reverse("light_candle", args=[entry.identifier])


def light(client, entry, address="192.0.2.10", browser=BROWSER, **extra):
    headers = {"REMOTE_ADDR": address, **extra}
    if browser is not None:
        headers["HTTP_USER_AGENT"] = browser
    return client.post(candle_url(entry), **headers)


def count_of(entry):
    return CandleCount.objects.filter(entry=entry).values_list("count", flat=True).first() or 0


@pytest.fixture
def entry(memorial_index):
    return MemorialEntryPageFactory(parent=memorial_index, given_name="Orsolya", family_name="Venn")


@pytest.mark.django_db
class CandleLightingTests:
    def test_lighting_counts_once_per_visitor_per_day(self, entry):
        assert light_candle(entry, "visitor-a", DAY) == (True, 1)
        assert light_candle(entry, "visitor-a", DAY) == (False, 1)
        assert light_candle(entry, "visitor-b", DAY) == (True, 2)
        assert light_candle(entry, "visitor-a", DAY + datetime.timedelta(days=1)) == (True, 3)
        assert count_of(entry) == 3
        assert CandleLit.objects.filter(entry=entry).count() == 3

    def test_counts_are_per_entry(self, entry, memorial_index):
        other = MemorialEntryPageFactory(parent=memorial_index)
        light_candle(entry, "visitor-a", DAY)
        assert light_candle(other, "visitor-a", DAY) == (True, 1)
        assert count_of(entry) == 1

    def test_prune_deletes_old_visitor_rows_and_keeps_the_count(self, entry):
        for days_ago in range(5):
            light_candle(entry, "visitor-a", DAY - datetime.timedelta(days=days_ago))
        assert prune_old_candles(today=DAY) == 2
        assert sorted(CandleLit.objects.values_list("day", flat=True)) == [
            DAY - datetime.timedelta(days=2),
            DAY - datetime.timedelta(days=1),
            DAY,
        ]
        assert count_of(entry) == 5

    def test_prune_command_reports(self, entry):
        light_candle(entry, "visitor-a", datetime.date(2000, 1, 1))
        out = io.StringIO()
        call_command("prune_candles", stdout=out)
        assert "Deleted 1 candle records" in out.getvalue()
        assert not CandleLit.objects.exists()


@pytest.mark.django_db
class CandleViewTests:
    def test_form_post_lights_and_redirects_back_with_the_outcome(self, client, entry):
        response = light(client, entry)
        assert response.status_code == 302
        assert response["Location"] == f"{entry.url}?candle=lit#candles"
        assert count_of(entry) == 1

        again = light(client, entry)
        assert again["Location"] == f"{entry.url}?candle=already#candles"
        assert count_of(entry) == 1

    def test_another_address_or_browser_is_another_visitor(self, client, entry):
        light(client, entry, address="192.0.2.10")
        light(client, entry, address="198.51.100.7")
        light(client, entry, address="192.0.2.10", browser="Another fictional browser")
        assert count_of(entry) == 3

    def test_forwarded_for_header_is_not_trusted(self, client, entry):
        light(client, entry, HTTP_X_FORWARDED_FOR="203.0.113.1")
        light(client, entry, HTTP_X_FORWARDED_FOR="203.0.113.2")
        assert count_of(entry) == 1

    def test_next_day_lights_again(self, client, entry, monkeypatch):
        from django.utils import timezone

        light(client, entry)
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DAY)
        assert light(client, entry)["Location"].endswith("?candle=lit#candles")
        assert count_of(entry) == 2

    def test_missing_user_agent_still_counts_by_address(self, client, entry):
        assert light(client, entry, browser=None).status_code == 302
        assert light(client, entry, browser=None)["Location"].endswith("candle=already#candles")
        assert count_of(entry) == 1

    def test_json_answer_for_scripts(self, client, entry):
        response = light(client, entry, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert response.json() == {"count": 1, "lit": True}
        assert light(client, entry, HTTP_ACCEPT="application/json").json() == {
            "count": 1,
            "lit": False,
        }

    def test_get_is_not_allowed(self, client, entry):
        assert client.get(candle_url(entry)).status_code == 405
        assert not CandleLit.objects.exists()

    @pytest.mark.parametrize(
        "headers",
        [
            {"HTTP_SEC_FETCH_SITE": "cross-site"},
            {"HTTP_SEC_FETCH_SITE": "same-site"},
            {"HTTP_ORIGIN": "https://elsewhere.example"},
            {"HTTP_REFERER": "https://elsewhere.example/page/"},
            # Addresses no browser sends, which urlsplit cannot read.
            {"HTTP_ORIGIN": "http://[::1"},
            {"HTTP_ORIGIN": "http://[zz]/"},
            {"HTTP_REFERER": "http://[bad/"},
        ],
    )
    def test_a_post_sent_from_another_site_is_refused(self, entry, headers):
        strict = Client(enforce_csrf_checks=True)
        response = light(strict, entry, **headers)
        assert response.status_code == 403
        assert b"this site's own pages" in response.content
        assert not CandleLit.objects.exists()

    @pytest.mark.parametrize(
        "headers",
        [
            {"HTTP_SEC_FETCH_SITE": "same-origin"},
            {"HTTP_ORIGIN": "http://testserver"},
            {"HTTP_REFERER": "http://testserver/names/"},
            {},
        ],
    )
    def test_a_post_from_this_site_needs_no_token(self, entry, headers):
        """The entry page is shared from caches, so its candle form carries no CSRF token."""
        strict = Client(enforce_csrf_checks=True)
        page = strict.get(entry.url)
        assert b"csrfmiddlewaretoken" not in page.content
        assert "csrftoken" not in page.cookies
        assert light(strict, entry, **headers).status_code == 302
        assert count_of(entry) == 1

    TRUSTED_ORIGINS = ["https://www.example.org", "https://*.example.org"]

    @pytest.mark.parametrize(
        "headers",
        [
            {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "https://www.example.org"},
            {"HTTP_ORIGIN": "https://names.example.org"},
            {"HTTP_REFERER": "https://www.example.org/remember/"},
        ],
    )
    def test_a_post_from_a_trusted_origin_is_taken(self, settings, entry, headers):
        settings.CSRF_TRUSTED_ORIGINS = self.TRUSTED_ORIGINS
        assert light(Client(enforce_csrf_checks=True), entry, **headers).status_code == 302

    @pytest.mark.parametrize(
        "headers",
        [
            {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://www.example.org"},
            {"HTTP_ORIGIN": "https://example.org.elsewhere.example"},
            {"HTTP_SEC_FETCH_SITE": "cross-site"},
        ],
    )
    def test_trusting_origins_trusts_no_others(self, settings, entry, headers):
        settings.CSRF_TRUSTED_ORIGINS = self.TRUSTED_ORIGINS
        assert light(Client(enforce_csrf_checks=True), entry, **headers).status_code == 403

    @pytest.mark.parametrize("closed", ["draft", "login", "staff", "researchers", "embargo"])
    def test_closed_entries_answer_404_and_store_nothing(self, client, memorial_index, closed):
        fields = {
            "draft": {"live": False},
            "staff": {"access_level": "staff"},
            "researchers": {"access_level": "researchers"},
            "embargo": {"embargo_until": datetime.date.today() + datetime.timedelta(days=30)},
        }.get(closed, {})
        entry = MemorialEntryPageFactory(parent=memorial_index, **fields)
        if closed == "login":
            PageViewRestriction.objects.create(page=entry, restriction_type="login")
        assert light(client, entry).status_code == 404
        assert not CandleLit.objects.exists()
        assert not CandleCount.objects.exists()

    def test_one_address_lighting_candles_everywhere_is_slowed_down(
        self, client, entry, memorial_index, settings
    ):
        settings.RATE_LIMIT_CANDLES = 3
        others = [MemorialEntryPageFactory(parent=memorial_index) for _ in range(3)]
        assert [light(client, person).status_code for person in [entry, *others]] == [
            302,
            302,
            302,
            429,
        ]
        assert count_of(others[-1]) == 0

    def test_unknown_identifier_is_404(self, client):
        assert client.post("/e/no-such-person/candle/").status_code == 404

    def test_no_address_or_browser_is_stored_in_plain_text(self, client, entry):
        address = "192.0.2.77"
        light(client, entry, address=address)
        stored = CandleLit.objects.get()
        assert len(stored.visitor) == 64
        assert address not in stored.visitor
        assert "fictional test browser" not in stored.visitor
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM remembrances_candlelit")
            row_text = repr(cursor.fetchall())
        assert address not in row_text and "Mozilla" not in row_text

    def test_visitor_key_changes_every_day(self, rf):
        request = rf.post("/", REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT=BROWSER)
        today, tomorrow = DAY, DAY + datetime.timedelta(days=1)
        assert visitor_key(request, today) == visitor_key(request, today)
        assert visitor_key(request, today) != visitor_key(request, tomorrow)


@pytest.mark.django_db
class CandleOnEntryPageTests:
    def test_page_shows_the_count_and_a_working_form(self, client, entry):
        html = client.get(entry.url).content.decode()
        assert "0 candles lit" in html
        assert f'action="{candle_url(entry)}"' in html
        assert 'method="post"' in html
        assert "csrfmiddlewaretoken" not in html  # the page is shared; the view checks origin

        light_candle(entry, "visitor-a", DAY)
        assert "1 candle lit" in client.get(entry.url).content.decode()
        light_candle(entry, "visitor-b", DAY)
        assert "2 candles lit" in client.get(entry.url).content.decode()

    def test_polite_status_after_lighting(self, client, entry):
        html = client.get(entry.url, {"candle": "lit"}).content.decode()
        assert 'role="status"' in html
        assert "You lit a candle for Orsolya Venn." in html
        html = client.get(entry.url, {"candle": "already"}).content.decode()
        assert "You already lit a candle for Orsolya Venn today." in html
        # The status line is empty until a candle is lit (the page also carries the
        # translated sentences for archive.js in data- attributes).
        html = client.get(entry.url).content.decode()
        assert "data-candle-status></p>" in html

    def test_the_count_costs_one_query(self, client, entry, settings):
        settings.PUBLIC_PAGE_STORE = False  # every request renders
        light_candle(entry, "visitor-a", DAY)
        assert candle_queries(client, entry.url) == 1
        CandleCount.objects.all().delete()
        assert candle_queries(client, entry.url) == 1, "a missing count is looked up once"
        assert "0 candles lit" in client.get(entry.url).content.decode()


def candle_queries(client, url):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum("remembrances_candle" in q["sql"] for q in queries.captured_queries)


def light_in_threads(entry, visitors):
    """Every visitor lights a candle for `entry` at the same moment, one thread each."""
    start = threading.Barrier(len(visitors))
    results, errors = [], []

    def worker(visitor):
        try:
            start.wait()
            results.append(light_candle(entry, visitor, DAY))
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(v,)) for v in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.fixture
def shared_database():
    # SQLite's in-memory test database is shared between threads through "shared cache",
    # whose table locks fail at once ("database table is locked") instead of waiting like
    # the real file database does in IMMEDIATE mode. Runs on PostgreSQL and file SQLite.
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a file or server database; the SQLite test database is in memory")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("shared_database")
class CandleConcurrencyTests:
    def test_twenty_visitors_at_once_make_twenty_candles(self, entry):
        results = light_in_threads(entry, [f"visitor-{n}" for n in range(20)])
        assert all(lit for lit, _ in results)
        assert sorted(count for _, count in results) == list(range(1, 21))
        assert count_of(entry) == 20
        assert CandleLit.objects.filter(entry=entry).count() == 20

    def test_one_visitor_twenty_times_at_once_makes_one_candle(self, entry):
        results = light_in_threads(entry, ["same-visitor"] * 20)
        assert sum(lit for lit, _ in results) == 1
        assert count_of(entry) == 1
        assert CandleLit.objects.filter(entry=entry).count() == 1
