"""Why an upload was refused, in words a family member can act on."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

ACCEPTED_KINDS = gettext_lazy("a JPEG, PNG or WebP photograph")


class UploadRefused(ValidationError):
    """A ValidationError, so a form field that raises it shows the message next to the field.

    `code` says which rule refused the file (tests and logs use it); `message` is for people.
    """

    def __init__(self, message: str, code: str):
        super().__init__(message, code=code)


def too_large(limit_bytes: int) -> UploadRefused:
    megabytes = limit_bytes / (1024 * 1024)
    return UploadRefused(
        gettext(
            "This file is too large. Please send a photograph of at most %(megabytes)s MB "
            "(a phone's “medium” or “large” size is plenty)."
        )
        % {"megabytes": f"{megabytes:g}"},
        "too_large",
    )


def empty() -> UploadRefused:
    return UploadRefused(
        gettext("This file is empty. Please choose the photograph again."), "empty"
    )


def not_an_image() -> UploadRefused:
    return UploadRefused(
        gettext("This file is not a photograph we can read. Please send %(accepted)s.")
        % {"accepted": ACCEPTED_KINDS},
        "not_an_image",
    )


def unaccepted_format(kind: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "%(kind)s files are not accepted. Please send %(accepted)s "
            "(most phones and scanners can save one)."
        )
        % {"kind": kind, "accepted": ACCEPTED_KINDS},
        "unaccepted_format",
    )


def svg() -> UploadRefused:
    return UploadRefused(
        gettext(
            "SVG drawings are not accepted, because they can carry scripts. "
            "Please send %(accepted)s."
        )
        % {"accepted": ACCEPTED_KINDS},
        "svg",
    )


def web_page_or_script() -> UploadRefused:
    return UploadRefused(
        gettext("This file is a web page or a script, not a photograph. Please send %(accepted)s.")
        % {"accepted": ACCEPTED_KINDS},
        "html_or_script",
    )


def archive(kind: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "This file is a compressed archive (%(kind)s), not a photograph. Please unpack it "
            "and send the photographs one by one."
        )
        % {"kind": kind},
        "archive",
    )


def pdf() -> UploadRefused:
    return UploadRefused(
        gettext(
            "PDF documents are not accepted here. Please send %(accepted)s of each page "
            "(a scan or a photograph of it)."
        )
        % {"accepted": ACCEPTED_KINDS},
        "pdf",
    )


def too_many_pixels(limit_pixels: int) -> UploadRefused:
    megapixels = limit_pixels / 1_000_000
    return UploadRefused(
        gettext(
            "This image is too large in pixels. Please send one of at most %(megapixels)s "
            "megapixels (for example 6000 × 6000 or smaller)."
        )
        % {"megapixels": f"{megapixels:g}"},
        "too_many_pixels",
    )


def damaged() -> UploadRefused:
    return UploadRefused(
        gettext(
            "This photograph seems damaged or incomplete, so it cannot be read. Please try "
            "sending it again, or save it anew and send the copy."
        ),
        "damaged",
    )


def hidden_content(kind: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "This image has something else hidden inside it (%(kind)s), so it cannot be "
            "accepted. Please open the photograph, save a fresh copy and send that."
        )
        % {"kind": kind},
        "polyglot",
    )
