"""What every fuzzed answer must be: never a server error, never a rate limit, never empty."""

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import event


def assert_handled(response, allowed=(200, 301, 302, 400, 404, 405)):
    """A 4xx must explain itself; a 429 would mean the fuzz stopped reaching the code."""
    status = response.status_code
    event(f"HTTP {status}")  # --hypothesis-show-statistics shows how deep the inputs got
    assert status < 500, f"server error {status}"
    assert status in allowed, f"unexpected status {status}"
    if status >= 400:
        assert response.content.strip(), f"{status} without a message"


def as_file(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    """A fresh file to send, under any name at all (even "..", which Django would refuse
    to create: a hand-made request can still send it)."""
    upload = SimpleUploadedFile("upload", content, content_type=content_type)
    upload._name = name  # skips the name check that protects saving, not sending
    return upload


def as_files(uploads: dict) -> dict:
    """Turn drawn {field: (name, content, content type)} into fresh files to send."""
    return {field: as_file(*upload) for field, upload in uploads.items()}
