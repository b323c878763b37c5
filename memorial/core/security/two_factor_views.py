"""The pages an admin user meets before the admin: set up an authenticator app, enter a code.

Setting up is only possible while the user has no confirmed device, or after passing the
second factor; otherwise someone who only knows the password could add their own app.
TOTP devices refuse codes for a growing while after each wrong one (django-otp throttling).
"""

import io
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from memorial.core.accounts import safe_next

from .two_factor import QRCODE_URL_NAME, SETUP_URL_NAME, VERIFY_URL_NAME, can_use_admin

DEVICE_NAME = "Authenticator app"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Six-digit code from your authenticator app",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": "Enter the six-digit code your app shows now."},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The code is six digits, such as 123456.")
        return code


def _admin_user_or_login(request):
    """None when the user may continue; else the response that sends them away."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
    if not can_use_admin(request.user):
        return redirect("/")
    return None


def _next(request) -> str:
    return safe_next(request, default=reverse("wagtailadmin_home"))


def _pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up, kept across reloads so the QR code stays put."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _grouped_secret(device) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def setup(request):
    refused = _admin_user_or_login(request)
    if refused:
        return refused
    user = request.user
    if django_otp.user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(f"{reverse(VERIFY_URL_NAME)}?{urlencode({'next': _next(request)})}")
    device = _pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            django_otp.login(request, device)
            return redirect(_next(request))
        form.add_error(
            "code",
            "That code did not match. Check that your phone's clock is right, wait for a "
            "new code and try again.",
        )
    return render(
        request,
        "security/two_factor_setup.html",
        {"form": form, "secret": _grouped_secret(device), "next": _next(request)},
    )


@never_cache
@require_GET
def qrcode(request):
    refused = _admin_user_or_login(request)
    if refused:
        return refused
    if django_otp.user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return HttpResponse(status=403)
    out = io.BytesIO()
    write_qrcode_image(_pending_device(request.user).config_url, out)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request):
    refused = _admin_user_or_login(request)
    if refused:
        return refused
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not django_otp.user_has_device(user, confirmed=True):
        return redirect(f"{reverse(SETUP_URL_NAME)}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next(request))
        form.add_error(
            "code",
            "That code did not match, or came too soon after a wrong one. Wait for a new "
            "code and try again.",
        )
    return render(
        request, "security/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


urlpatterns = [
    path("set-up/", setup, name=SETUP_URL_NAME),
    path("set-up/qr-code.svg", qrcode, name=QRCODE_URL_NAME),
    path("verify/", verify, name=VERIFY_URL_NAME),
]
