"""How django-axes sees a visitor, what a locked-out person is told, and the limit on wrong
passwords from one address.

Axes counts failed sign-ins per account and address, so one address could try a few
passwords on every account (password spraying). Axes has one failure limit for all its
lockout parameters, and a limit of 5 per address would lock out an office behind one
address; so wrong passwords are also counted per address alone, with a higher limit
(RATE_LIMIT_SIGN_IN_FAILURES), by `count_failure_from_address`, and `sign_in_limited`
refuses sign-ins from an address over it. It asks `client_ip` for the address,
so throttling agrees with the public forms' rate limits (memorial.core.abuse): behind a
proxy, CLIENT_ADDRESS_HEADER names the header that carries the visitor's address.
"""

import functools
import ipaddress
import math
from datetime import timedelta

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string

from memorial.core.abuse import (
    SIGN_INS,
    client_address,
    rate_limit,
    rate_limit_reached,
    seconds_left_in_window,
    too_many_requests,
)

SIGN_IN_FAILURES = "sign-in-failures"


def client_ip(request) -> str | None:
    """The visitor's address as memorial.core.abuse sees it, as a plain IP address.

    abuse.client_address counts an IPv6 visitor per /64 network ("2001:db8::/64"); axes
    stores a single address, so the network's first address stands for it.
    """
    address = client_address(request)
    try:
        return str(ipaddress.ip_network(address, strict=False).network_address)
    except ValueError:
        return None


# Axes stores the name tried in a column of this length; PostgreSQL refuses a longer one.
MAX_STORED_USERNAME = 255


def username_tried(request, credentials=None) -> str | None:
    """The user name a sign-in tried (from the credentials, else the form), cut to what axes
    can store: a name of thousands of characters must be refused, not turned into a 500."""
    source = credentials if credentials else getattr(request, "POST", {})
    name = source.get("username") if source else None
    return name[:MAX_STORED_USERNAME] if isinstance(name, str) else name


def _retry_after_seconds(request) -> int:
    cool_off = get_cool_off(request)
    if isinstance(cool_off, timedelta):
        return max(1, math.ceil(cool_off.total_seconds()))
    return 60 * 60


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """429 with a page that says what happened and when to try again; never a 500."""
    retry_after = _retry_after_seconds(request)
    body = render_to_string(
        "security/locked_out.html",
        {"retry_after_minutes": max(1, math.ceil(retry_after / 60))},
        request=request,
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "private, no-store"
    return response


@receiver(user_login_failed, dispatch_uid="memorial.count_failure_from_address")
def count_failure_from_address(sender, credentials, request=None, **kwargs):
    if request is not None:  # Client.login() and scripts give none: no address to count
        rate_limit(
            request,
            SIGN_IN_FAILURES,
            settings.RATE_LIMIT_SIGN_IN_FAILURES,
            settings.RATE_LIMIT_SIGN_IN_FAILURES_WINDOW,
        )


def sign_in_limited(view):
    """Refuse a sign-in (POST) from an address with too many wrong passwords, whatever the
    account; showing the form stays free."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        window = settings.RATE_LIMIT_SIGN_IN_FAILURES_WINDOW
        if request.method == "POST" and rate_limit_reached(
            request, SIGN_IN_FAILURES, settings.RATE_LIMIT_SIGN_IN_FAILURES, window
        ):
            return too_many_requests(request, seconds_left_in_window(window), SIGN_INS)
        return view(request, *args, **kwargs)

    return wrapped
