"""Two-factor authentication for everyone who can use the admin (django-otp, TOTP).

wagtail-2fa 1.8 does not import under Wagtail 8 (it needs `wagtail.users.widgets`, which
Wagtail removed), so this small middleware does its job with django-otp directly: once
ADMIN_2FA_REQUIRED is on, a signed-in user who may use the admin but has not passed a
second factor in this session is sent to set up an authenticator app (no device yet) or to
enter a code (has one), wherever they go on the site. Researchers and other users without
admin access never see it. The views are in memorial.core.security.two_factor_views.
"""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

SETUP_URL_NAME = "admin_2fa_setup"
VERIFY_URL_NAME = "admin_2fa_verify"
QRCODE_URL_NAME = "admin_2fa_qrcode"

# Reachable before the second factor: signing in and out, and the 2FA pages themselves.
ALWAYS_ALLOWED = frozenset(
    {"wagtailadmin_login", "wagtailadmin_logout", "research_logout", VERIFY_URL_NAME}
)
ALLOWED_WITHOUT_DEVICE = frozenset({SETUP_URL_NAME, QRCODE_URL_NAME})


def can_use_admin(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")
    )


def needs_second_factor(user) -> bool:
    """True for a signed-in admin user who has not passed a second factor this session."""
    if not getattr(settings, "ADMIN_2FA_REQUIRED", False):
        return False
    if not user.is_authenticated or not can_use_admin(user):
        return False
    return not user.is_verified()


class AdminTwoFactorMiddleware:
    """Place after django_otp.middleware.OTPMiddleware (which gives users is_verified())."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        url_name = request.resolver_match.url_name if request.resolver_match else None
        if url_name in ALWAYS_ALLOWED or not needs_second_factor(request.user):
            return None
        has_device = django_otp.user_has_device(request.user, confirmed=True)
        if not has_device and url_name in ALLOWED_WITHOUT_DEVICE:
            return None
        target = VERIFY_URL_NAME if has_device else SETUP_URL_NAME
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(target)}?{query}")
