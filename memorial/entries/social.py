"""What a link to an entry shows when it is shared: Open Graph text and a preview picture.

The picture is drawn here with Pillow (1200×630 PNG): the portrait, if every visitor may see
it (memorial.core.files.visibility decides, as for the image's own address), the name as the
sources spell it, another script's spelling, and the life dates. Only public entries get one.
It is kept in the cache under what it shows: its words and the portrait's file.
"""

import io
import logging
import unicodedata
from dataclasses import dataclass
from functools import cache as memoise
from hashlib import sha256

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from memorial.core.files.visibility import Access, image_access
from memorial.core.templatetags.archive_tags import initials
from memorial.core.uploads.images import upright

from .models import Script

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
PORTRAIT_BOX = (360, 480)
MARGIN = 60
CACHE_SECONDS = 7 * 24 * 3600
PAPER, INK, INK_2, ACCENT, PANEL = "#fbfaf7", "#1d1c1a", "#4a4741", "#3b5a6b", "#f1eee7"

# DejaVu covers Latin (with Azerbaijani ə, ğ, ı, ş), Cyrillic, Greek, Armenian, Georgian.
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu/", "/usr/share/fonts/dejavu/")
# DejaVu Sans also has Hebrew and Arabic, which the serif lacks.
SERIF_BOLD, SANS_BOLD, SANS = "DejaVuSerif-Bold.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"
MISSING = "\U0010fffd"  # a private-use character no font draws: its mask is the "no glyph" box


@memoise
def font(name: str, size: int):
    for folder in FONT_DIRS:
        try:
            return ImageFont.truetype(folder + name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def covers(typeface, text: str) -> bool:
    """Does the font draw every letter of `text` (rather than its empty box)?"""
    missing = bytes(typeface.getmask(MISSING))
    return all(bytes(typeface.getmask(ch)) != missing for ch in set(text) if not ch.isspace())


def name_font(text: str, size: int):
    serif = font(SERIF_BOLD, size)
    return serif if covers(serif, text) else font(SANS_BOLD, size)


def life_places(entry) -> str:
    parts = []
    if entry.birth_place:
        parts.append(_("Born in %(place)s") % {"place": entry.birth_place.name})
    if entry.death_place:
        parts.append(_("Died in %(place)s") % {"place": entry.death_place.name})
    return " · ".join(parts)


def life_dates(entry) -> str:
    if entry.birth_iso or entry.death_iso:
        return entry.life_span
    return _("Dates not known")


def social_description(entry) -> str:
    """'1931 – 14 May 1942 · Born in X · Died in Y' for og:description."""
    return " · ".join(part for part in (life_dates(entry), life_places(entry)) if part)


def is_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return all("LATIN" in unicodedata.name(ch, "") for ch in letters)


def other_script_name(entry) -> str:
    """The name in a second script: a Latin spelling under a name in another script, or
    another script's spelling under a Latin name."""
    variants = entry.name_variants.order_by("sort_order")
    if is_latin(entry.title):
        variants = variants.exclude(script=Script.LATIN)
    else:
        variants = variants.filter(script=Script.LATIN)
    variant = variants.first()
    return variant.name if variant and variant.name != entry.title else ""


def preview_url(entry) -> str:
    return reverse("entry_preview_image", args=[entry.identifier])


def public_portrait(entry, request):
    """The portrait when every visitor may see it; a portrait only some may see is left out."""
    portrait = entry.portrait
    if portrait is None or image_access(portrait, request) is not Access.PUBLIC:
        return None
    return portrait


@dataclass(frozen=True)
class PreviewText:
    """Every word the picture shows, in the visitor's language."""

    title: str
    other_script: str
    dates: str
    places: str
    site_name: str

    @classmethod
    def of(cls, entry):
        return cls(
            entry.title,
            other_script_name(entry),
            life_dates(entry),
            life_places(entry),
            settings.WAGTAIL_SITE_NAME,
        )


def preview_png(entry, request) -> bytes:
    """The preview picture, from the cache when the same words and portrait file were drawn
    before: a renamed place, a replaced portrait file or another language draws anew."""
    portrait = public_portrait(entry, request)
    text = PreviewText.of(entry)
    drawn_from = (text, portrait.pk if portrait else 0, portrait.file.name if portrait else "")
    key = f"entry-preview:{entry.pk}:{sha256(repr(drawn_from).encode()).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = draw_preview(entry, portrait, text)
        cache.set(key, found, CACHE_SECONDS)
    return found


def draw_preview(entry, portrait, text: PreviewText) -> bytes:
    canvas = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, HEIGHT - 14, WIDTH, HEIGHT), fill=ACCENT)
    box_left, box_top = MARGIN, (HEIGHT - PORTRAIT_BOX[1]) // 2
    picture = _portrait_image(portrait)
    if picture is not None:
        x = box_left + (PORTRAIT_BOX[0] - picture.width) // 2
        y = box_top + (PORTRAIT_BOX[1] - picture.height) // 2
        canvas.paste(picture, (x, y))
    else:
        draw.rectangle(
            (box_left, box_top, box_left + PORTRAIT_BOX[0], box_top + PORTRAIT_BOX[1]), fill=PANEL
        )
        centre = (box_left + PORTRAIT_BOX[0] // 2, box_top + PORTRAIT_BOX[1] // 2)
        letters = initials(entry)
        draw.text(centre, letters, font=name_font(letters, 120), fill=INK_2, anchor="mm")

    text_left = box_left + PORTRAIT_BOX[0] + MARGIN
    text_width = WIDTH - text_left - MARGIN
    y = box_top + 10
    title_font = name_font(text.title, 64)
    for line in _wrap(draw, text.title, title_font, text_width, max_lines=3):
        draw.text((text_left, y), line, font=title_font, fill=INK)
        y += 78
    if text.other_script:
        for line in _wrap(draw, text.other_script, font(SANS, 40), text_width, max_lines=1):
            draw.text((text_left, y), line, font=font(SANS, 40), fill=INK_2)
            y += 56
    y += 16
    draw.text((text_left, y), text.dates, font=font(SANS, 40), fill=INK)
    y += 60
    for line in _wrap(draw, text.places, font(SANS, 30), text_width, max_lines=2):
        draw.text((text_left, y), line, font=font(SANS, 30), fill=INK_2)
        y += 42
    draw.text((MARGIN, HEIGHT - 34), text.site_name, font=font(SANS, 24), fill=INK_2, anchor="ls")
    output = io.BytesIO()
    canvas.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _portrait_image(portrait):
    if portrait is None:
        return None
    try:
        with portrait.open_file() as handle, Image.open(handle) as original:
            original.draft("RGB", PORTRAIT_BOX)
            picture = upright(original).convert("RGB")
            picture.thumbnail(PORTRAIT_BOX)
            return picture
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        logger.warning("Could not read portrait image %s for a preview", portrait.pk)
        return None


def _wrap(draw, text: str, typeface, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to `width` pixels; the last line ends with '…' if text is left over."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=typeface) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=typeface) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return [_fit(draw, line, typeface, width) for line in lines]


def _fit(draw, line: str, typeface, width: int) -> str:
    """A single word longer than the line is cut with '…'."""
    if draw.textlength(line, font=typeface) <= width:
        return line
    while line and draw.textlength(line + "…", font=typeface) > width:
        line = line[:-1]
    return line + "…"


def social_card(entry, request) -> dict:
    """Absolute addresses and the description for the entry's Open Graph tags."""
    return {
        "url": entry.get_full_url(request),
        "description": social_description(entry),
        "image": request.build_absolute_uri(preview_url(entry)),
    }
