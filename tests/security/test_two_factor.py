"""Two-factor authentication for the admin (memorial.core.security.two_factor, django-otp).

wagtail-2fa does not import under Wagtail 8, so the archive does the same with django-otp.
"""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home")]

PAGES = "/admin/pages/"


def current_code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device) -> str:
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


@pytest.fixture
def archivist(django_user_model):
    user = django_user_model.objects.create_user("greta", password="a long fictional password")
    user.groups.add(Group.objects.get(name="Archivists"))
    return user


@pytest.fixture
def researcher(django_user_model):
    user = django_user_model.objects.create_user("tomas", password="a long fictional password")
    user.groups.add(Group.objects.get(name="Researchers"))
    return user


def test_two_factor_is_off_in_tests_and_by_default(client, archivist):
    client.force_login(archivist)
    assert client.get(PAGES).status_code == 200


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_an_admin_user_without_a_device_must_set_one_up(client, archivist):
    client.force_login(archivist)

    response = client.get(PAGES)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin_2fa_setup')}?{urlencode({'next': PAGES})}"
    # Every other admin address, and the public site, send them the same way.
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    assert client.get("/").status_code == 302

    setup = client.get(response["Location"])
    assert setup.status_code == 200
    assert "Set up two-step sign-in" in setup.content.decode()
    qr = client.get(reverse("admin_2fa_qrcode"))
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"

    device = TOTPDevice.objects.get(user=archivist, confirmed=False)
    refused = client.post(reverse("admin_2fa_setup"), {"code": wrong_code(device), "next": PAGES})
    assert refused.status_code == 200
    assert "That code did not match" in refused.content.decode()
    assert client.get(PAGES).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down codes after a wrong one
    accepted = client.post(
        reverse("admin_2fa_setup"), {"code": current_code(device), "next": PAGES}
    )
    assert accepted.status_code == 302
    assert accepted["Location"] == PAGES
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(PAGES).status_code == 200


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_an_admin_user_with_a_device_enters_a_code_each_session(client, archivist):
    device = TOTPDevice.objects.create(user=archivist, name="Phone", confirmed=True)
    client.force_login(archivist)

    response = client.get(PAGES)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin_2fa_verify')}?{urlencode({'next': PAGES})}"
    # Knowing the password is not enough to add another app.
    setup = client.get(reverse("admin_2fa_setup"))
    assert setup.status_code == 302
    assert setup["Location"].startswith(reverse("admin_2fa_verify"))
    assert client.get(reverse("admin_2fa_qrcode")).status_code == 302

    wrong = client.post(reverse("admin_2fa_verify"), {"code": wrong_code(device), "next": PAGES})
    assert wrong.status_code == 200
    assert client.get(PAGES).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down codes after a wrong one
    right = client.post(reverse("admin_2fa_verify"), {"code": current_code(device), "next": PAGES})
    assert right.status_code == 302
    assert right["Location"] == PAGES
    assert client.get(PAGES).status_code == 200


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_a_code_must_look_like_a_code(client, archivist):
    TOTPDevice.objects.create(user=archivist, name="Phone", confirmed=True)
    client.force_login(archivist)
    response = client.post(reverse("admin_2fa_verify"), {"code": "12ab"})
    assert response.status_code == 200
    assert "The code is six digits" in response.content.decode()


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_signing_in_to_the_admin_leads_to_the_second_step(client, archivist):
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "greta", "password": "a long fictional password"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(reverse("admin_2fa_setup"))


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_a_researcher_is_never_asked_for_a_second_factor(client, researcher):
    client.force_login(researcher)
    response = client.get(reverse("research_terms"))
    assert response.status_code == 200
    assert client.get("/").status_code == 200
    # The 2FA pages are for admin users only.
    assert client.get(reverse("admin_2fa_setup"))["Location"] == "/"
    assert not TOTPDevice.objects.filter(user=researcher).exists()


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_visitors_who_are_not_signed_in_are_sent_to_the_admin_login(client):
    response = client.get(reverse("admin_2fa_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
