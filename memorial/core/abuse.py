"""Protection for the public forms: a honeypot, a time-to-submit check, per-IP rate limits
and bounded text fields.

A form that mixes in `SpamCheckMixin` gets two extra fields. Its `is_spam` is True when a bot
gave itself away; the view must then store NOTHING and answer exactly as if it had worked,
so the bot learns nothing:

    form = RemembranceForm(request.POST, request.FILES)
    if form.is_spam:
        return redirect("thanks")          # stored nowhere
    if form.is_valid():
        ...

Time-to-submit, decided:
- a token that is missing, forged or not signed by us, or a submission faster than
  FORM_MIN_SECONDS after the form was shown: spam (silent);
- a token older than FORM_MAX_AGE_SECONDS (a day): a person who left the page open, so a
  form error asks them to check and send again, and the form is re-rendered with a new token.
"""

import functools
import ipaddress
import math
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing, validators
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

DEFAULT_FORM_MIN_SECONDS = 3
DEFAULT_FORM_MAX_AGE_SECONDS = 24 * 60 * 60
HONEYPOT_FIELD = "website"  # a name bots love to fill
TIMING_FIELD = "form_token"
_TIMING_SALT = "memorial.core.abuse.form-timing"
_TIMING_VALUE = "form"

EXPIRED_MESSAGE = gettext_lazy(
    "This form was open for more than a day, so we could not accept it as it is. "
    "Please check what you wrote and send it again."
)


# --- Honeypot ----------------------------------------------------------------------------


HONEYPOT_LABEL = gettext_lazy("Leave this field empty")


class HoneypotInput(forms.TextInput):
    """A text box people never see or reach, with its own label in case CSS is off.

    It counts as a hidden widget, so `form.hidden_fields()` (and Django's default form
    rendering) place it with the hidden inputs, without a visible label of the form's.
    """

    def __init__(self, attrs=None):
        defaults = {
            "class": "visually-hidden",
            "tabindex": "-1",
            "autocomplete": "off",
            "aria-hidden": "true",
        }
        super().__init__({**defaults, **(attrs or {})})

    @property
    def is_hidden(self):
        return True

    def render(self, name, value, attrs=None, renderer=None):
        field_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        attrs = {**(attrs or {}), "id": field_id}
        return format_html(
            '<div class="visually-hidden" aria-hidden="true"><label for="{}">{}</label>{}</div>',
            field_id,
            HONEYPOT_LABEL,
            super().render(name, value, attrs, renderer),
        )


class HoneypotField(forms.CharField):
    """Never invalid: a filled honeypot makes the form spam, it does not show an error."""

    widget = HoneypotInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", HONEYPOT_LABEL)
        super().__init__(**kwargs)


class HoneypotMixin:
    """Adds the `website` honeypot; `honeypot_filled()` tells whether a bot filled it."""

    honeypot_field_name = HONEYPOT_FIELD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_field_name] = HoneypotField()

    def honeypot_filled(self) -> bool:
        raw = self.data.get(self.add_prefix(self.honeypot_field_name), "")
        return bool(str(raw).strip())


# --- Time to submit ----------------------------------------------------------------------


def timing_token(seconds_ago: int = 0) -> str:
    """A signed token saying "the form was shown `seconds_ago` seconds ago".

    Forms put a fresh one in every rendering; tests use `seconds_ago` to submit as a person
    who took their time would.
    """
    return _SignerAt(time.time() - seconds_ago).sign(_TIMING_VALUE)


class _SignerAt(signing.TimestampSigner):
    def __init__(self, moment: float):
        super().__init__(salt=_TIMING_SALT)
        self._moment = moment

    def timestamp(self):
        return signing.b62_encode(int(self._moment))


def _token_age(token: str) -> float | None:
    """Seconds since the token was made, or None when it is not one of ours."""
    signer = signing.TimestampSigner(salt=_TIMING_SALT)
    try:
        value = signer.unsign(token)  # checks the signature only
        made_at = signing.b62_decode(token.rsplit(signer.sep, 2)[-2])
    except (signing.BadSignature, ValueError, IndexError):
        return None
    if value != _TIMING_VALUE:
        return None
    return time.time() - made_at


class TimingMixin:
    """Adds a signed timestamp hidden field; `timing_verdict()` judges the submission."""

    timing_field_name = TIMING_FIELD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A callable initial value is evaluated at each rendering of an unbound form.
        self.fields[self.timing_field_name] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=timing_token
        )

    def timing_verdict(self) -> str:
        """ "ok", "spam" (missing, forged, in the future or too fast) or "expired"."""
        token = self.data.get(self.add_prefix(self.timing_field_name), "")
        age = _token_age(str(token)) if token else None
        if age is None or age < -5:  # a little clock skew between app servers
            return "spam"
        if age < getattr(settings, "FORM_MIN_SECONDS", DEFAULT_FORM_MIN_SECONDS):
            return "spam"
        if age > getattr(settings, "FORM_MAX_AGE_SECONDS", DEFAULT_FORM_MAX_AGE_SECONDS):
            return "expired"
        return "ok"

    def renew_timing_token(self):
        """Give a re-rendered form a fresh token, so the next attempt is timed from now."""
        self.data = self.data.copy()
        self.data[self.add_prefix(self.timing_field_name)] = timing_token()


class SpamCheckMixin(HoneypotMixin, TimingMixin):
    """Honeypot and time-to-submit together. Put it before forms.Form / forms.ModelForm.

    `form.is_spam` validates the form if needed and never adds errors of its own;
    `form.spam_reason` ("honeypot", "timing") is for logs and holds nothing personal.
    """

    spam_reason: str | None = None

    @property
    def is_spam(self) -> bool:
        self.errors  # noqa: B018 -- runs full_clean once, which decides spam_reason
        return self.spam_reason is not None

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        self.spam_reason = None
        if self.honeypot_filled():
            self.spam_reason = "honeypot"
            return
        verdict = self.timing_verdict()
        if verdict == "spam":
            self.spam_reason = "timing"
        elif verdict == "expired":
            self.add_error(None, forms.ValidationError(EXPIRED_MESSAGE, code="expired"))
            self.renew_timing_token()


# --- Per-IP rate limits ------------------------------------------------------------------


def client_address(request) -> str:
    """The visitor's address: REMOTE_ADDR, or the header CLIENT_ADDRESS_HEADER names.

    Behind a proxy REMOTE_ADDR is the proxy's own address (everybody would share one
    limit), so set CLIENT_ADDRESS_HEADER (e.g. "X-Real-IP") to the header the proxy you
    control sets. For X-Forwarded-For the last address is used: the one our proxy added.
    IPv6 addresses count per /64 network, which is what one household or host gets.
    """
    header = getattr(settings, "CLIENT_ADDRESS_HEADER", "")
    raw = ""
    if header:
        meta_name = "HTTP_" + header.upper().replace("-", "_")
        raw = request.META.get(meta_name, "").split(",")[-1].strip()
    raw = raw or request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _window(window_seconds: int) -> tuple[int, int]:
    """The current fixed window's number and the seconds left in it."""
    now = time.time()
    number = int(now // window_seconds)
    return number, max(1, math.ceil((number + 1) * window_seconds - now))


def _count_key(request, scope: str, window_seconds: int) -> str:
    number, _ = _window(window_seconds)
    visitor = salted_hmac("memorial.core.abuse.rate-limit", client_address(request))
    return f"rate-limit:{scope}:{visitor.hexdigest()[:32]}:{number}"


def rate_limit_reached(request, scope: str, limit: int, window_seconds: int) -> bool:
    """Whether this visitor has already been counted `limit` times in `scope`, without
    counting this request: for limits on what went wrong (see `rate_limit`)."""
    return (cache.get(_count_key(request, scope, window_seconds)) or 0) >= limit


def seconds_left_in_window(window_seconds: int) -> int:
    return _window(window_seconds)[1]


def rate_limit(request, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one request from this visitor in `scope`; True when that is over `limit`.

    Fixed windows in the shared cache (Redis in production, so every app process counts
    together; local memory in development). The key holds a keyed hash of the address,
    never the address itself.
    """
    key = _count_key(request, scope, window_seconds)
    cache.add(key, 0, timeout=window_seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds + 1)
        count = 1
    return count > limit


def _setting(value):
    return getattr(settings, value) if isinstance(value, str) else value


# What the 429 page tells a visitor who was limited (one template, templates/429.html).
SUBMISSIONS = "submissions"  # a public form sent too often
PASSWORDS = "passwords"  # a section's or a private collection's password guessed too often
PASSWORD_RESETS = "password-resets"  # reset links asked for too often
SIGN_INS = "sign-ins"  # wrong passwords for many accounts from one address
REFUSALS = (SUBMISSIONS, PASSWORDS, PASSWORD_RESETS, SIGN_INS)


def rate_limited(scope: str, limit, window, methods=("POST",), refusal=SUBMISSIONS):
    """Decorate a view: over the limit, answer 429 with a human page and Retry-After.

    `limit` and `window` are numbers or names of settings (read at each request, so they
    can be changed by the environment or in tests). Only `methods` count: showing a form
    is free, sending it is limited. `refusal` (one of REFUSALS) says which message the 429
    page gives.
    """
    if refusal not in REFUSALS:
        raise ValueError(f"Unknown refusal {refusal!r}: one of {REFUSALS}.")

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                window_seconds = int(_setting(window))
                if rate_limit(request, scope, int(_setting(limit)), window_seconds):
                    return too_many_requests(request, _window(window_seconds)[1], refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request, retry_after_seconds: int, refusal=SUBMISSIONS) -> HttpResponse:
    minutes = max(1, math.ceil(retry_after_seconds / 60))
    body = render_to_string(
        "429.html", {"retry_after_minutes": minutes, "refusal": refusal}, request=request
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after_seconds)
    response["Cache-Control"] = "private, no-store"
    return response


# --- Text limits -------------------------------------------------------------------------

_KEPT_CONTROLS = {"\n", "\t"}


def strip_control_characters(text: str) -> str:
    """Drop control characters (NUL, escapes, ...) but keep newlines and tabs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        char for char in text if char in _KEPT_CONTROLS or unicodedata.category(char) != "Cc"
    )


class BoundedTextField(forms.CharField):
    def to_python(self, value):
        if isinstance(value, str):
            value = strip_control_characters(value)
        return super().to_python(value)


def bounded_text(max_length: int, *, multiline: bool | None = None, **kwargs) -> forms.CharField:
    """A text field that strips control characters and refuses text over `max_length`.

    Multi-line (a textarea) when `multiline` is True, or by default when the limit is over
    300 characters. Other keyword arguments go to forms.CharField.
    """
    if multiline is None:
        multiline = max_length > 300
    kwargs.setdefault("widget", forms.Textarea if multiline else forms.TextInput)
    field = BoundedTextField(**kwargs)
    field.max_length = max_length
    field.validators.append(
        validators.MaxLengthValidator(
            max_length,
            message=gettext_lazy(
                "Please shorten this to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        )
    )
    field.widget.attrs["maxlength"] = str(max_length)
    return field
