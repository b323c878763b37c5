"""Hostile inputs for the public forms: text in every Unicode category, and broken files.

Everything a visitor can type is drawn from `hostile_text()`; `form_fields()` mixes a valid
value with hostile ones field by field and leaves fields out at random, so the fuzz reaches
both the validation errors and the code behind a form that passed.
"""

import io
from urllib.parse import quote

from hypothesis import strategies as st
from PIL import Image

from memorial.core.abuse import timing_token

# Right-to-left text, bidi controls, combining marks, zero-width characters, a BOM.
RTL_AND_MARKS = (
    "שלום עולם مرحبا ܫܠܡܐ ދިވެހި"
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u0300\u0301\u0302\u0308\u0327\u034f\u0489\u20dd\u0e31\u0e34"
    "\u200b\u200c\u200d\u2060\ufeff\ufe0f"
)
# Characters that look like digits to str.isdigit() but not to int(), and ones that are both.
DIGIT_LOOKALIKES = "²³¹⁰₀₁①⑴⒈٠١٢٣۴߁१௧๑０１９𝟎𝟗"

SOUP = [
    "' OR 1=1 --",
    "'; DROP TABLE wagtailcore_page; --",
    '" OR ""="',
    "%_%_%",
    "\\%\\_",
    "1) UNION SELECT password FROM memorial_user --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ request.user }}{% debug %}",
    "${7*7}",
    'AND OR NOT ( ) " * : ^ ~ - + | & ! {} [] \\ / ?',
    "name:foo AND title:bar~2",
    "\x00",
    "\x00\x00\x00",
    "\r\n\r\nX-Injected: yes",
    "../../../../etc/passwd",
    "%00%0d%0a",
    "\ud7ff\ue000\uffff\U0010ffff",
    "🕯️👨‍👩‍👧‍👦🏳️‍🌈",
    "Mam\x00edov\x1b[31m\u202e",
    "c. 1931",
    "1942-02-30",
    "0000-00-00",
    "-1",
    "99999999999999999999999999",
    "1e9999",
    "NaN",
    "None",
    "null",
    "[]",
    "",
    " ",
]

every_character = st.characters(codec="utf-8")  # every category; surrogates cannot travel
controls = st.characters(categories=["Cc", "Cf"])
rtl_and_marks = st.sampled_from(RTL_AND_MARKS)


def _repeated(text: str, times: int) -> str:
    return (text or "x") * times


def hostile_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Any text a form might receive: short or very long, in any script, valid or not."""
    short = st.one_of(
        st.text(every_character, max_size=max_size),
        st.text(st.one_of(controls, rtl_and_marks, every_character), max_size=max_size),
        st.text(st.sampled_from(DIGIT_LOOKALIKES + "0123456789-+. "), max_size=12),
        st.sampled_from(SOUP),
    )
    long = st.builds(_repeated, short, st.integers(min_value=50, max_value=5000))
    joined = st.lists(short, min_size=2, max_size=6).map(" ".join)
    return st.one_of(short, short, short, joined, long)


def numberish() -> st.SearchStrategy[str]:
    """Query-string numbers: real ones, out of range ones, and digit look-alikes."""
    return st.one_of(
        st.integers(min_value=-(10**12), max_value=10**12).map(str),
        st.integers(min_value=1, max_value=2100).map(str),
        st.text(st.sampled_from(DIGIT_LOOKALIKES + "0123456789"), min_size=1, max_size=8),
        hostile_text(40),
    )


def maybe(valid, hostile=None):
    """Mostly the valid value, otherwise something hostile."""
    return st.one_of(valid, valid, hostile if hostile is not None else hostile_text())


def form_fields(fields: dict) -> st.SearchStrategy[dict]:
    """A form's data where every field may be missing (each strategy gives its value)."""
    return st.fixed_dictionaries({}, optional=fields)


def fresh_timing_token() -> st.SearchStrategy[str]:
    """A form token as a person who took a minute would send, or a forged/expired one."""
    return st.one_of(
        st.builds(timing_token, st.just(60)),
        st.builds(timing_token, st.just(60)),
        st.builds(timing_token, st.sampled_from([0, 2 * 24 * 60 * 60, -3600])),
        hostile_text(80),
    )


# --- Files ---------------------------------------------------------------------------------


def _image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (24, 16), (180, 40, 40))
    image.paste((40, 40, 180), (0, 0, 12, 16))
    image.save(buffer, fmt)
    return buffer.getvalue()


VALID_IMAGES = {
    "image/jpeg": _image_bytes("JPEG"),
    "image/png": _image_bytes("PNG"),
    "image/webp": _image_bytes("WEBP"),
    "image/gif": _image_bytes("GIF"),
}


def _truncated(data: bytes, keep: int) -> bytes:
    return data[: keep % max(1, len(data))]


def _flipped(data: bytes, position: int, value: int) -> bytes:
    position %= len(data)
    return data[:position] + bytes([value]) + data[position + 1 :]


def upload_bytes() -> st.SearchStrategy[bytes]:
    images = st.sampled_from(sorted(VALID_IMAGES.values()))
    return st.one_of(
        images,
        st.builds(_truncated, images, st.integers(min_value=0, max_value=10_000)),
        st.builds(_flipped, images, st.integers(min_value=0), st.integers(0, 255)),
        st.binary(max_size=2000),
        st.just(b""),
    )


def upload() -> st.SearchStrategy[tuple[str, bytes, str]]:
    """(file name, content, content type): built into a file inside the test, fresh each time."""
    names = st.one_of(
        st.sampled_from(["photo.jpg", "photo.png", "x.webp", "a.gif", "no-extension", ".jpg"]),
        hostile_text(60),
    )
    types = st.one_of(st.sampled_from([*VALID_IMAGES, "text/html", ""]), hostile_text(30))
    return st.tuples(names, upload_bytes(), types)


def url_segment() -> st.SearchStrategy[str]:
    """A path segment: hostile text, percent-encoded so it reaches the view."""
    return st.one_of(
        st.text("0123456789abcdefghjkmnpqrstvwxyz", min_size=1, max_size=10),
        hostile_text(100).filter(bool),
    ).map(lambda text: quote(text, safe=""))
