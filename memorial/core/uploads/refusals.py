"""Why an upload was refused, in words a family member can act on."""

from django.core.exceptions import ValidationError

ACCEPTED_KINDS = "a JPEG, PNG or WebP photograph"


class UploadRefused(ValidationError):
    """A ValidationError, so a form field that raises it shows the message next to the field.

    `code` says which rule refused the file (tests and logs use it); `message` is for people.
    """

    def __init__(self, message: str, code: str):
        super().__init__(message, code=code)


def too_large(limit_bytes: int) -> UploadRefused:
    megabytes = limit_bytes / (1024 * 1024)
    return UploadRefused(
        f"This file is too large. Please send a photograph of at most {megabytes:g} MB "
        "(a phone's “medium” or “large” size is plenty).",
        "too_large",
    )


def empty() -> UploadRefused:
    return UploadRefused("This file is empty. Please choose the photograph again.", "empty")


def not_an_image() -> UploadRefused:
    return UploadRefused(
        f"This file is not a photograph we can read. Please send {ACCEPTED_KINDS}.",
        "not_an_image",
    )


def unaccepted_format(kind: str) -> UploadRefused:
    return UploadRefused(
        f"{kind} files are not accepted. Please send {ACCEPTED_KINDS} "
        "(most phones and scanners can save one).",
        "unaccepted_format",
    )


def svg() -> UploadRefused:
    return UploadRefused(
        "SVG drawings are not accepted, because they can carry scripts. "
        f"Please send {ACCEPTED_KINDS}.",
        "svg",
    )


def web_page_or_script() -> UploadRefused:
    return UploadRefused(
        f"This file is a web page or a script, not a photograph. Please send {ACCEPTED_KINDS}.",
        "html_or_script",
    )


def archive(kind: str) -> UploadRefused:
    return UploadRefused(
        f"This file is a compressed archive ({kind}), not a photograph. Please unpack it and "
        "send the photographs one by one.",
        "archive",
    )


def pdf() -> UploadRefused:
    return UploadRefused(
        f"PDF documents are not accepted here. Please send {ACCEPTED_KINDS} of each page "
        "(a scan or a photograph of it).",
        "pdf",
    )


def too_many_pixels(limit_pixels: int) -> UploadRefused:
    megapixels = limit_pixels / 1_000_000
    return UploadRefused(
        f"This image is too large in pixels. Please send one of at most {megapixels:g} "
        "megapixels (for example 6000 × 6000 or smaller).",
        "too_many_pixels",
    )


def damaged() -> UploadRefused:
    return UploadRefused(
        "This photograph seems damaged or incomplete, so it cannot be read. Please try "
        "sending it again, or save it anew and send the copy.",
        "damaged",
    )


def hidden_content(kind: str) -> UploadRefused:
    return UploadRefused(
        f"This image has something else hidden inside it ({kind}), so it cannot be accepted. "
        "Please open the photograph, save a fresh copy and send that.",
        "polyglot",
    )
