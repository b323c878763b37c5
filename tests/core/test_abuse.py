"""memorial.core.abuse: honeypot, time-to-submit, per-IP rate limits, bounded text."""

import time
from unittest import mock

import pytest
from django import forms
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import translation

from memorial.core import abuse
from memorial.core.abuse import (
    PASSWORD_RESETS,
    PASSWORDS,
    SIGN_INS,
    SUBMISSIONS,
    SpamCheckMixin,
    bounded_text,
    rate_limit,
    rate_limited,
    timing_token,
    too_many_requests,
)


class RemembranceDemoForm(SpamCheckMixin, forms.Form):
    """The shape of the public forms to come: spam checks plus bounded text."""

    name = bounded_text(120)
    text = bounded_text(5000)


def submit(**overrides):
    data = {"name": "A fictional name", "text": "Fictional words.", "form_token": timing_token(60)}
    data.update(overrides)
    return RemembranceDemoForm(data=data)


# --- honeypot and timing --------------------------------------------------------------------


def test_a_person_who_took_their_time_is_not_spam():
    form = submit()
    assert form.is_valid(), form.errors
    assert not form.is_spam
    assert form.cleaned_data["name"] == "A fictional name"


def test_a_filled_honeypot_is_spam_without_any_error_shown():
    form = submit(website="http://spam.example")
    assert form.is_spam
    assert form.spam_reason == "honeypot"
    assert "website" not in form.errors


def test_a_submission_faster_than_the_minimum_is_spam():
    assert submit(form_token=timing_token(1)).is_spam
    with override_settings(FORM_MIN_SECONDS=0):
        assert not submit(form_token=timing_token(1)).is_spam


@pytest.mark.parametrize(
    "token",
    [
        None,
        "",
        "form:1abcde:forged-signature",
        signing.TimestampSigner(salt="another-purpose").sign("form"),
        abuse._SignerAt(time.time() - 60).sign("not-form"),
        timing_token(-3600),  # made an hour in the future
    ],
    ids=["missing", "empty", "forged", "other-salt", "other-value", "future"],
)
def test_a_missing_or_forged_token_is_spam(token):
    data = {"name": "A fictional name", "text": "Fictional words."}
    if token is not None:
        data["form_token"] = token
    form = RemembranceDemoForm(data=data)
    assert form.is_spam
    assert form.spam_reason == "timing"


def test_a_token_older_than_a_day_asks_the_person_to_send_again_with_a_fresh_token():
    stale = timing_token(2 * 24 * 60 * 60)
    form = submit(form_token=stale)

    assert not form.is_spam
    assert not form.is_valid()
    assert "more than a day" in form.non_field_errors()[0]
    renewed = form["form_token"].value()
    assert renewed != stale
    assert RemembranceDemoForm(data={**form.data, "form_token": renewed}).is_spam  # too fast
    with mock.patch("memorial.core.abuse.time.time", return_value=time.time() + 10):
        resent = RemembranceDemoForm(data={**form.data, "form_token": renewed})
        assert resent.is_valid() and not resent.is_spam


def test_an_unbound_form_renders_a_hidden_honeypot_and_a_fresh_token():
    html = RemembranceDemoForm().as_div()

    assert 'name="website"' in html
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html
    assert 'aria-hidden="true"' in html and 'class="visually-hidden"' in html
    assert 'type="hidden" name="form_token"' in html
    token = RemembranceDemoForm()["form_token"].value()
    assert abuse._token_age(token) < 5
    visible = [field.name for field in RemembranceDemoForm().visible_fields()]
    assert visible == ["name", "text"]


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Leave this field empty"), ("ru", "Оставьте это поле пустым")]
)
def test_the_honeypot_label_is_in_the_visitors_language(language, label):
    with translation.override(language):
        html = RemembranceDemoForm().as_div()
    assert f'<label for="id_website">{label}</label>' in html


# --- bounded text -----------------------------------------------------------------------------


def test_bounded_text_strips_control_characters_but_keeps_newlines_and_tabs():
    form = submit(name="A\x00 fictional\x1b[31m name\x07", text="Line one\r\nLine\ttwo\x0b")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "A fictional[31m name"
    assert form.cleaned_data["text"] == "Line one\nLine\ttwo"


def test_bounded_text_refuses_overlong_text_with_a_clear_message():
    form = submit(name="x" * 121)
    assert not form.is_valid()
    assert form.errors["name"] == ["Please shorten this to at most 120 characters (it has 121)."]
    assert 'maxlength="120"' in str(form["name"])
    assert "<textarea" in str(form["text"]) and "<textarea" not in str(form["name"])


# --- rate limits ------------------------------------------------------------------------------


def make_request(method="post", address="203.0.113.7", **extra):
    factory = RequestFactory()
    return getattr(factory, method)("/submit/", REMOTE_ADDR=address, **extra)


@rate_limited("demo-submit", limit=3, window=600)
def demo_submit_view(request):
    return HttpResponse("stored")


@pytest.mark.django_db  # the 429 page renders base.html, which reads the site settings
def test_the_request_over_the_limit_gets_a_human_429_with_retry_after():
    for _ in range(3):
        assert demo_submit_view(make_request()).status_code == 200

    response = demo_submit_view(make_request())

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Too many submissions from your connection. Please wait a few minutes" in body
    assert "<html" in body.lower()
    # Another visitor is not affected; showing the form (GET) is never limited.
    assert demo_submit_view(make_request(address="198.51.100.9")).status_code == 200
    assert demo_submit_view(make_request(method="get")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "refusal, language, heading, body",
    [
        (SUBMISSIONS, "en", "Too many submissions", "keep a copy of what you wrote"),
        (PASSWORDS, "en", "Too many password attempts", "try the password again in about 2"),
        (PASSWORDS, "ru", "Слишком много попыток ввести пароль", "ввести пароль примерно через 2"),
        (PASSWORDS, "az", "Həddindən artıq parol cəhdi", "2 dəqiqədən sonra parolu"),
        (PASSWORD_RESETS, "en", "Too many reset requests", "ask for a link again in about 2"),
        (PASSWORD_RESETS, "ru", "Слишком много запросов на сброс пароля", "запросить ссылку"),
        (PASSWORD_RESETS, "az", "Həddindən artıq bərpa sorğusu", "yenidən keçid istəyə"),
        (SIGN_INS, "ru", "Вход временно приостановлен", "приостановили вход с него"),
        (SIGN_INS, "az", "Giriş müvəqqəti dayandırılıb", "oradan girişi"),
    ],
)
def test_the_429_page_says_what_was_limited_in_the_visitors_language(
    refusal, language, heading, body
):
    with translation.override(language):
        page = too_many_requests(make_request(), 120, refusal).content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert body in page


def test_an_unknown_refusal_is_a_programming_error():
    with pytest.raises(ValueError):
        rate_limited("demo", limit=1, window=60, refusal="spam")


def test_rate_limit_keys_never_hold_the_address():
    rate_limit(make_request(address="192.0.2.44"), "privacy-check", 5, 60)
    keys = list(cache._cache.keys())  # locmem, as in the test settings
    assert keys and not any("192.0.2.44" in key for key in keys)


def test_the_count_starts_again_in_the_next_window():
    request = make_request()
    with mock.patch("memorial.core.abuse.time.time", return_value=1_000_000.0):
        assert [rate_limit(request, "windows", 2, 100) for _ in range(3)] == [False, False, True]
    with mock.patch("memorial.core.abuse.time.time", return_value=1_000_100.0):
        assert rate_limit(request, "windows", 2, 100) is False


@override_settings(RATE_LIMIT_DEMO=1, RATE_LIMIT_DEMO_WINDOW=60)
def test_limits_can_come_from_settings_by_name():
    view = rate_limited("by-setting", "RATE_LIMIT_DEMO", "RATE_LIMIT_DEMO_WINDOW")(
        lambda request: HttpResponse("ok")
    )
    assert view(make_request()).status_code == 200
    with mock.patch("memorial.core.abuse.render_to_string", return_value="busy"):
        assert view(make_request()).status_code == 429


def test_ipv6_visitors_count_per_network_and_proxies_need_a_setting():
    one = make_request(address="2001:db8:1:2::10")
    same_network = make_request(address="2001:db8:1:2:ffff::1")
    assert abuse.client_address(one) == abuse.client_address(same_network)
    assert abuse.client_address(make_request(address="2001:db8:1:3::10")) != (
        abuse.client_address(one)
    )

    behind_proxy = make_request(address="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert abuse.client_address(behind_proxy) == "10.0.0.1"  # headers are not trusted by default
    with override_settings(CLIENT_ADDRESS_HEADER="X-Forwarded-For"):
        assert abuse.client_address(behind_proxy) == "203.0.113.5"


# --- request size ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_public_request_larger_than_any_form_needs_is_refused_unread(client, settings, home):
    """Django reads a whole POST body, files into temporary files, as soon as the CSRF check
    looks at it: without a bound, one visitor could fill the disk with a single request."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from memorial.remembrances.forms import MAX_PHOTOS

    ten_photographs = settings.FAMILY_UPLOAD_MAX_BYTES * MAX_PHOTOS
    assert ten_photographs < settings.PUBLIC_REQUEST_MAX_BYTES, "a full form still fits"
    settings.PUBLIC_REQUEST_MAX_BYTES = 5000
    photo = SimpleUploadedFile("a.jpg", b"\xff\xd8" + b"\0" * 6000, content_type="image/jpeg")
    with mock.patch("django.http.multipartparser.MultiPartParser.parse") as parse:
        response = client.post("/submit-a-name/", {"photo_1": photo})
    assert response.status_code == 413
    assert not parse.called
    assert "too large" in response.content.decode()
    assert response["Content-Security-Policy"]
    photo.seek(0)
    in_russian = client.post("/ru/submit-a-name/", {"photo_1": photo})
    assert in_russian.status_code == 413
    assert "Отправленное слишком велико" in in_russian.content.decode()
    assert client.post("/submit-a-name/", {"given_name": "x"}).status_code != 413


@pytest.mark.django_db
def test_the_admin_takes_uploads_of_any_size(admin_client, settings, home):
    settings.PUBLIC_REQUEST_MAX_BYTES = 5000
    response = admin_client.post("/admin/import-entries/", {"note": "x" * 6000})
    assert response.status_code == 200  # read by the import view, which shows its form again
    assert response.context["form"].errors
