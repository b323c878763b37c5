"""What crawlers are told: robots.txt and the sitemap."""

import pytest

pytestmark = pytest.mark.django_db


def robots_rules(response) -> list[tuple[str, str]]:
    rules = []
    for line in response.content.decode().splitlines():
        name, _, value = line.partition("#")[0].partition(":")
        if value.strip():
            rules.append((name.strip().lower(), value.strip()))
    return rules


def test_robots_txt_keeps_crawlers_to_the_public_pages(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    rules = robots_rules(response)
    assert ("user-agent", "*") in rules
    disallowed = {value for name, value in rules if name == "disallow"}
    for prefix in ("", "/az", "/ru"):
        assert f"{prefix}/search/?" in disallowed, prefix
        assert f"{prefix}/submit-a-name/" in disallowed, prefix
        assert f"{prefix}/research/" in disallowed, prefix
        assert f"{prefix}/e/*/candle/" in disallowed, prefix
    assert {"/admin/", "/api/", "/search/suggest/", "/i18n/", "/*/remember/"} <= disallowed
    assert "/" not in disallowed and "/search/" not in disallowed
    assert ("sitemap", "http://testserver/sitemap.xml") in rules


def test_robots_txt_names_the_sitemap_at_the_address_asked(client, home, settings):
    settings.ALLOWED_HOSTS = ["archive.example.org"]
    response = client.get("/robots.txt", HTTP_HOST="archive.example.org", secure=True)
    assert ("sitemap", "https://archive.example.org/sitemap.xml") in robots_rules(response)
