"""A strict content security policy on every public page, and nothing on them it would refuse.

The admin (Wagtail needs inline scripts and styles) is outside the policy.
"""

import pytest
from django.urls import reverse

from tests.factories import MemorialEntryPageFactory, TestimonyPageFactory

from .html_audit import inline_code_problems

STRICT_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]


def directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";") if part.strip()}


@pytest.fixture
def public_pages(memorial_index, testimony_index):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    testimony = TestimonyPageFactory(parent=testimony_index)
    return {
        "home": "/",
        "search": f"{reverse('search')}?q=Tessaro",
        "entry": entry.url,
        "names": memorial_index.url,
        "testimony": testimony.url,
        "propose": reverse("propose_entry"),
        "research sign-in": reverse("research_login"),
        "not found": "/no-such-page/",
    }


@pytest.mark.django_db
def test_public_pages_carry_the_strict_policy(client, public_pages):
    for name, url in public_pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), name
        header = response.headers.get("Content-Security-Policy", "")
        assert set(STRICT_DIRECTIVES) <= directives(header), (name, header)
        assert "unsafe-inline" not in header, name
        assert "unsafe-eval" not in header, name


@pytest.mark.django_db
def test_public_pages_have_no_inline_code(client, public_pages):
    for name, url in public_pages.items():
        response = client.get(url)
        assert inline_code_problems(response.content.decode()) == [], name


@pytest.mark.django_db
def test_the_entry_page_keeps_its_structured_data(client, public_pages):
    """JSON-LD is data, not code: allowed, and still on the page."""
    html = client.get(public_pages["entry"]).content.decode()
    assert '<script type="application/ld+json">' in html


@pytest.mark.django_db
def test_pages_may_not_be_framed(client, home):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_admin_is_outside_the_strict_policy_and_still_loads(client, django_user_model, home):
    admin = django_user_model.objects.create_superuser("keeper", "keeper@example.org", "pw")
    client.force_login(admin)
    for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_explore", args=[home.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" not in response.headers, url


@pytest.mark.django_db
def test_admin_page_preview_may_be_framed_by_the_admin(client, django_user_model, memorial_index):
    """Wagtail shows previews in a frame of its own: its preview views allow SAMEORIGIN."""
    admin = django_user_model.objects.create_superuser("keeper", "keeper@example.org", "pw")
    client.force_login(admin)
    entry = MemorialEntryPageFactory(parent=memorial_index)
    response = client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[entry.pk]))
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_embedded_players_keep_their_shape_without_a_style_attribute():
    from django.template.loader import render_to_string

    class Embed:
        is_responsive = True
        ratio_css = "56.2500%"
        html = '<iframe src="https://player.example.org/1" title="A recording"></iframe>'

    html = render_to_string("wagtailembeds/embed_frontend.html", {"embed": Embed()})
    assert 'data-aspect-padding="56.2500%"' in html
    assert inline_code_problems(html) == []


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_cookie_gets_a_page_the_policy_lets_render(home):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("research_login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "style-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "The form could not be sent" in html
    assert inline_code_problems(html) == []
    # Drawn with its request, as every page: the language links need it.
    assert 'hreflang="ru" href="http://testserver/ru/research/sign-in/"' in html
    assert response["Cache-Control"] == "private, no-store"
