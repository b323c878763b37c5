"""200 remembrances from 20 parallel clients to a real server on loopback.

Every answer that says "received" (the redirect to the thank-you page) must have exactly
one stored submission with its page and photograph; nothing is stored twice; no 5xx.
The rate is printed (submissions/s): `make bench-submissions` runs this alone, with -s.
"""

import http.cookiejar
import re
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from memorial.core.abuse import timing_token
from memorial.remembrances.models import RemembrancePage, Submission

from ..core.test_uploads import jpeg_with_exif
from ..factories import MemorialEntryPageFactory

CLIENTS = 20
SUBMISSIONS = 200
ENTRIES = 5  # several clients remember the same person at once
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:",
        reason="a real server's threads need a file or server database; "
        "the SQLite test database is in memory",
    ),
]


@pytest.fixture
def server_settings(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.RATE_LIMIT_SUBMISSIONS = 10 * SUBMISSIONS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def submit(base_url: str, form_path: str, number: int, photo: bytes) -> tuple[int, str]:
    """One visitor: load the form (cookie and CSRF token), send it; (status, e-mail used)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects
    )
    page = opener.open(base_url + form_path, timeout=300).read()
    email = f"visitor{number}@example.org"
    body, content_type = multipart(
        {
            "csrfmiddlewaretoken": CSRF_FIELD.search(page).group(1).decode(),
            "form_token": timing_token(seconds_ago=60),
            "submitter_name": f"Fictional visitor {number}",
            "relationship": "neighbour",
            "email": email,
            "text": f"A fictional remembrance, number {number}.",
            "may_publish_text": "on",
            "may_publish_photos": "on",
            "alt_1": "A red and blue square",
        },
        {"photo_1": (f"photo{number}.jpg", photo)},
    )
    request = urllib.request.Request(
        base_url + form_path,
        data=body,
        headers={"Content-Type": content_type, "Referer": base_url + form_path},
    )
    try:
        with opener.open(request, timeout=300) as response:
            return response.status, email
    except urllib.error.HTTPError as answer:
        return answer.code, email


def test_parallel_submissions_are_stored_exactly_once(live_server, memorial_index, server_settings):
    entries = [
        MemorialEntryPageFactory(parent=memorial_index, family_name=f"Parallel{n}")
        for n in range(ENTRIES)
    ]
    paths = [f"{entry.url}remember/" for entry in entries]
    photo = jpeg_with_exif()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        answers = list(
            pool.map(
                lambda n: submit(live_server.url, paths[n % ENTRIES], n, photo),
                range(SUBMISSIONS),
            )
        )
    seconds = time.perf_counter() - started

    statuses = [status for status, _email in answers]
    assert not [status for status in statuses if status >= 500], statuses
    received = [email for status, email in answers if status == 302]
    assert len(received) == SUBMISSIONS, statuses  # nothing refused at this rate limit
    stored = list(Submission.objects.values_list("email", "page_id"))
    assert sorted(email for email, _page in stored) == sorted(received)  # each exactly once
    pages = RemembrancePage.objects.filter(pk__in=[page for _email, page in stored])
    assert pages.count() == SUBMISSIONS
    assert all(page.photos.count() == 1 for page in pages.prefetch_related("photos"))
    print(
        f"\n{SUBMISSIONS} remembrances from {CLIENTS} parallel clients ({connection.vendor}): "
        f"{SUBMISSIONS / seconds:.1f} submissions/s, {seconds:.1f} s"
    )
