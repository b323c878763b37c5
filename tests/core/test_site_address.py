"""The default site takes the archive's public address (WAGTAILADMIN_BASE_URL), so canonical
links, the sitemap and proxy purges do not name Wagtail's placeholder, localhost."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Site

from tests.factories import MemorialEntryPageFactory

PUBLIC = "https://archive.example.org"


@pytest.fixture
def entry(memorial_index):
    return MemorialEntryPageFactory(parent=memorial_index, given_name="Ilse", family_name="Marwen")


def default_site():
    return Site.objects.get(is_default_site=True)


def test_a_new_archive_names_the_placeholder_host(entry):
    assert entry.full_url.startswith("http://localhost/")


def test_the_placeholder_site_takes_the_configured_address(settings, entry, client, capsys):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC + "/"
    call_command("set_site_address")
    site = default_site()
    assert (site.hostname, site.port) == ("archive.example.org", 443)
    assert "now https://archive.example.org (was http://localhost)" in capsys.readouterr().out

    entry.refresh_from_db()
    batch = PurgeBatch()
    batch.add_page(entry)
    assert batch.urls
    assert all(url.startswith(PUBLIC + "/") for url in batch.urls)

    page = client.get(entry.url, HTTP_HOST="archive.example.org", secure=True)
    assert f'<link rel="canonical" href="{PUBLIC}{entry.url}">' in page.content.decode()


def test_a_port_other_than_the_scheme_s_own_is_kept(settings, home):
    settings.WAGTAILADMIN_BASE_URL = "http://archive.internal:8080"
    call_command("set_site_address")
    assert default_site().root_url == "http://archive.internal:8080"


def test_an_address_set_in_the_admin_is_kept_unless_replaced(settings, home, capsys):
    Site.objects.filter(is_default_site=True).update(hostname="names.example.net", port=443)
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    call_command("set_site_address")
    assert default_site().hostname == "names.example.net"
    assert "stays https://names.example.net" in capsys.readouterr().out

    call_command("set_site_address", "--replace")
    assert default_site().hostname == "archive.example.org"


def test_running_it_again_changes_nothing(settings, home, capsys):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    call_command("set_site_address")
    call_command("set_site_address")
    assert "already https://archive.example.org" in capsys.readouterr().out


@pytest.mark.parametrize(
    "base_url", ["archive.example.org", "ftp://archive.example.org", "http://x:99999"]
)
def test_an_address_that_is_not_http_is_refused_clearly(settings, home, base_url):
    settings.WAGTAILADMIN_BASE_URL = base_url
    with pytest.raises(CommandError, match="WAGTAILADMIN_BASE_URL"):
        call_command("set_site_address")
    assert default_site().hostname == "localhost"


def test_a_new_address_renews_the_pages_kept_with_the_old_one(settings, home):
    from memorial.core.changes import archive_generation

    before = archive_generation()
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    call_command("set_site_address")
    assert archive_generation() != before
