"""Sign-in throttling (django-axes) on the admin login and the researchers' sign-in.

After AXES_FAILURE_LIMIT wrong passwords for one account from one address, that account is
refused from that address, even with the right password, with a human 429 page.
"""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

# Off in the test settings (Client.login() has no request to give axes); on here.
pytestmark = pytest.mark.usefixtures("axes_enabled")

PASSWORD = "a long fictional password"
SIGN_IN_PAGES = ["wagtailadmin_login", "research_login"]


@pytest.fixture
def axes_enabled(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def account(django_user_model):
    return django_user_model.objects.create_user("liesel", password=PASSWORD, is_superuser=True)


def sign_in(client, page, password, username="liesel", **extra):
    return client.post(reverse(page), {"username": username, "password": password}, **extra)


def assert_refused_as(response, heading):
    body = response.content.decode()
    assert f"<h1>{heading}</h1>" in body
    assert "submissions" not in body.casefold()


def fail_until_locked(client, page, **extra):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, page, "wrong password", **extra)
    return response


def test_settings_put_axes_first():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5


@pytest.mark.django_db
@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_a_few_wrong_passwords_still_let_the_right_one_in(client, account, page):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, page, "wrong password").status_code == 200
    response = sign_in(client, page, PASSWORD)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(account.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_too_many_wrong_passwords_lock_the_account_from_that_address(client, account, page):
    locked = fail_until_locked(client, page)
    assert locked.status_code == 429

    response = sign_in(client, page, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "Signing in is paused" in html
    assert "try again in about 60 minutes" in html
    assert response.headers["Retry-After"] == str(60 * 60)
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_the_lock_holds_for_one_account_and_one_address(client, account, django_user_model):
    django_user_model.objects.create_user("other", password=PASSWORD)
    fail_until_locked(client, "research_login")

    assert sign_in(client, "research_login", PASSWORD, username="other").status_code == 302
    client.logout()
    elsewhere = sign_in(client, "research_login", PASSWORD, REMOTE_ADDR="192.0.2.44")
    assert elsewhere.status_code == 302


@pytest.mark.django_db
@override_settings(CLIENT_ADDRESS_HEADER="X-Real-IP")
def test_behind_a_proxy_the_visitors_address_counts(client, account):
    """Every request comes from the proxy; the header it sets tells visitors apart."""
    fail_until_locked(client, "wagtailadmin_login", HTTP_X_REAL_IP="198.51.100.7")

    same_visitor = sign_in(client, "wagtailadmin_login", PASSWORD, HTTP_X_REAL_IP="198.51.100.7")
    assert same_visitor.status_code == 429
    other_visitor = sign_in(client, "wagtailadmin_login", PASSWORD, HTTP_X_REAL_IP="198.51.100.8")
    assert other_visitor.status_code == 302


def test_ipv6_visitors_count_per_network():
    from django.test import RequestFactory

    from memorial.core.security.throttling import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    assert client_ip(request) == "2001:db8:1:2::"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="not an address")) is None


@pytest.mark.django_db
def test_force_login_is_not_throttled(client, account):
    """Tests (and the admin's own flows) that log a user in directly are unaffected."""
    fail_until_locked(client, "wagtailadmin_login")
    client.force_login(account)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_one_wrong_password_for_each_of_many_accounts_locks_the_address(
    client, settings, account, page
):
    """Password spraying: axes counts per account and address, so one address could try a
    few passwords on every account. Failures from one address are counted too, with a
    higher limit; another address still signs in."""
    sprayer = {"REMOTE_ADDR": "203.0.113.66"}
    for number in range(settings.RATE_LIMIT_SIGN_IN_FAILURES):
        response = sign_in(client, page, "Winter2026!", username=f"user{number}", **sprayer)
        assert response.status_code == 200
    refused = sign_in(client, page, PASSWORD, **sprayer)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "<h1>Signing in is paused</h1>" in refused.content.decode()
    assert "too many wrong passwords from your connection" in refused.content.decode()
    assert client.get(reverse(page), **sprayer).status_code == 200  # the form still shows

    response = sign_in(client, page, PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(account.pk)


@pytest.mark.django_db
def test_right_passwords_do_not_count_against_the_address(client, settings, account):
    for _ in range(settings.RATE_LIMIT_SIGN_IN_FAILURES + 1):
        assert sign_in(client, "wagtailadmin_login", PASSWORD).status_code == 302
        client.logout()


@pytest.mark.django_db
@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_a_user_name_longer_than_axes_can_store_is_refused_not_a_500(client, page):
    response = sign_in(client, page, "wrong password", username="n" * 5000)
    assert response.status_code in (200, 400)


@pytest.mark.django_db
def test_guessing_a_sections_password_is_limited_like_signing_in(client, settings, home):
    from wagtail.models import PageViewRestriction

    from tests.factories import MemorialIndexPageFactory

    section = MemorialIndexPageFactory(parent=home, title="Closed section")
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type="password", password="the right one"
    )
    action = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, section.pk])
    for attempt in range(settings.RATE_LIMIT_PAGE_PASSWORDS):
        client.post(action, {"password": f"guess {attempt}", "return_url": section.url})
    response = client.post(action, {"password": "the right one", "return_url": section.url})
    assert response.status_code == 429
    assert_refused_as(response, "Too many password attempts")


@pytest.mark.django_db
def test_guessing_a_document_collections_password_is_limited_too(client, settings, home):
    """Wagtail's own form for a private collection's password, at /documents/…, counted with
    the sections' passwords: each opens private documents."""
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Family papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="the right one"
    )
    action = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    assert action.startswith("/documents/")
    for attempt in range(settings.RATE_LIMIT_PAGE_PASSWORDS):
        client.post(action, {"password": f"guess {attempt}", "return_url": "/"})
    response = client.post(action, {"password": "the right one", "return_url": "/"})
    assert response.status_code == 429
    assert_refused_as(response, "Too many password attempts")


@pytest.mark.django_db
def test_asking_for_password_reset_mails_is_limited(client, settings, account, home):
    """Each request mails the account's owner; unlimited, anyone could flood the archive's
    staff with reset links (and the archive's mail server with complaints)."""
    from django.core import mail

    account.email = "liesel@example.org"
    account.save()
    action = reverse("wagtailadmin_password_reset")
    for _ in range(settings.RATE_LIMIT_SUBMISSIONS):
        assert client.post(action, {"email": account.email}).status_code == 302
    refused = client.post(action, {"email": account.email})
    assert refused.status_code == 429
    assert_refused_as(refused, "Too many reset requests")
    assert len(mail.outbox) == settings.RATE_LIMIT_SUBMISSIONS
    assert client.get(action).status_code == 200
