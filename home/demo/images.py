"""Generated pictures: abstract sepia portraits and simple photographs. Never a real face.

Everything is drawn from a seeded `random.Random`, including the film grain, so the same
seed gives byte-for-byte the same JPEG files.
"""

import io

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

PORTRAIT_SIZE = (480, 640)
PHOTO_SIZE = (800, 600)
SEPIA = ((38, 27, 16), (150, 120, 86), (242, 229, 203))
SILVER = ((22, 22, 24), (128, 128, 126), (236, 235, 230))


def _grain(size, rng, amount: int) -> Image.Image:
    """Film grain from the seeded generator (PIL's own noise is not seedable)."""
    w, h = size[0] // 2, size[1] // 2
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    noise = noise.point(lambda v: 128 + (v - 128) * amount // 128)
    return noise.resize(size, Image.Resampling.BILINEAR)


def _vignette(size, strength: int) -> Image.Image:
    gradient = Image.radial_gradient("L").resize((int(size[0] * 1.35), int(size[1] * 1.35)))
    left, top = (gradient.width - size[0]) // 2, (gradient.height - size[1]) // 2
    gradient = gradient.crop((left, top, left + size[0], top + size[1]))
    return gradient.point(lambda g: max(0, 255 - (g * g * strength) // (255 * 255)))


def _finish(gray: Image.Image, rng, *, blur: float, grain: int, sepia: bool) -> bytes:
    gray = gray.filter(ImageFilter.GaussianBlur(blur))
    gray = ImageChops.add(gray, _grain(gray.size, rng, grain), 1.0, -128)
    gray = ImageChops.multiply(gray, _vignette(gray.size, rng.randint(120, 190)))
    black, mid, white = SEPIA if sepia else SILVER
    image = ImageOps.colorize(gray, black=black, mid=mid, white=white)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _backdrop(size, rng, top: int, bottom: int) -> Image.Image:
    w, h = size
    column = (
        Image.linear_gradient("L").resize((1, h)).point(lambda v: top + (bottom - top) * v // 255)
    )
    return column.resize((w, h))


def portrait(rng, sex: str, age: int) -> bytes:
    """An abstract head-and-shoulders silhouette in a studio oval."""
    w, h = PORTRAIT_SIZE
    light = rng.randint(150, 205)
    small = (w // 8, h // 8)  # the soft studio light is blurred at 1/8 size: much faster
    img = _backdrop(small, rng, light, light - rng.randint(30, 70))
    glow = rng.randint(15, 35)
    ImageDraw.Draw(img).ellipse(
        (small[0] * 0.15, small[1] * 0.05, small[0] * 0.85, small[1] * 0.7),
        fill=min(255, light + glow),
    )
    img = img.filter(ImageFilter.GaussianBlur(7.5)).resize(PORTRAIT_SIZE, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(img)
    child = age < 14
    cx = w // 2 + rng.randint(-18, 18)
    head_w = (w * (0.17 if child else 0.14)) * rng.uniform(0.92, 1.08)
    head_h = head_w * rng.uniform(1.2, 1.32)
    head_top = h * rng.uniform(0.2, 0.27)
    shoulder = w * (0.3 if child else 0.42) * rng.uniform(0.92, 1.06)
    neck_y = head_top + head_h * 1.85
    tone = rng.randint(35, 70)
    draw.ellipse((cx - shoulder, neck_y - 8, cx + shoulder, neck_y + shoulder * 1.4), fill=tone)
    draw.rectangle((cx - shoulder, neck_y + shoulder * 0.7, cx + shoulder, h), fill=tone)
    draw.rounded_rectangle(
        (cx - head_w * 0.42, head_top + head_h, cx + head_w * 0.42, neck_y + 30),
        radius=10,
        fill=tone + 8,
    )
    draw.ellipse((cx - head_w, head_top, cx + head_w, head_top + head_h * 2), fill=tone + 12)
    if sex == "female" and rng.random() < 0.7:  # hair gathered at the back
        r = head_w * 0.45
        draw.ellipse((cx - r, head_top - r * 0.9, cx + r, head_top + r * 1.1), fill=tone + 6)
    elif sex == "male" and age > 16 and rng.random() < 0.35:  # a flat cap
        box = (cx - head_w * 1.08, head_top - 6, cx + head_w * 1.08, head_top + head_h * 1.1)
        draw.chord(box, 180, 360, fill=max(0, tone - 12))
        brim = cx + head_w * rng.choice([-1.3, 0.3])
        draw.rectangle(
            (brim, head_top + head_h * 0.5, brim + head_w, head_top + head_h * 0.6),
            fill=max(0, tone - 12),
        )
    collar = tone + rng.randint(60, 110)
    draw.polygon(
        [
            (cx - head_w * 0.55, neck_y + 12),
            (cx, neck_y + head_w * 0.9),
            (cx + head_w * 0.55, neck_y + 12),
        ],
        fill=collar,
    )
    if rng.random() < 0.35:  # cabinet-card oval
        mask = Image.new("L", PORTRAIT_SIZE, 0)
        ImageDraw.Draw(mask).ellipse((w * 0.08, h * 0.06, w * 0.92, h * 0.94), fill=255)
        card = Image.new("L", PORTRAIT_SIZE, rng.randint(215, 235))
        img = Image.composite(img, card, mask.filter(ImageFilter.GaussianBlur(6)))
    return _finish(img, rng, blur=2.2, grain=26, sepia=rng.random() < 0.8)


def _hills(draw, rng, w, h, horizon, tone):
    points = [(0, h)]
    for x in range(0, w + 80, 80):
        points.append((x, horizon - rng.randint(10, 90)))
    points.append((w, h))
    draw.polygon(points, fill=tone)


def _house(draw, rng, x, base, width, tone):
    height = width * rng.uniform(0.6, 0.9)
    draw.rectangle((x, base - height, x + width, base), fill=tone)
    draw.polygon(
        [
            (x - 8, base - height),
            (x + width / 2, base - height - width * 0.45),
            (x + width + 8, base - height),
        ],
        fill=tone - 30,
    )
    for i in range(rng.randint(1, 3)):
        wx = x + width * (0.15 + i * 0.3)
        draw.rectangle(
            (wx, base - height * 0.7, wx + width * 0.15, base - height * 0.4), fill=tone - 55
        )
    return height


def _figures(draw, rng, count, cx, base, scale):
    for i in range(count):
        x = cx + (i - (count - 1) / 2) * 52 * scale
        tall = rng.uniform(0.7, 1.0) * scale
        tone = rng.randint(30, 60)
        draw.rounded_rectangle(
            (x - 16 * tall, base - 110 * tall, x + 16 * tall, base),
            radius=int(12 * tall),
            fill=tone,
        )
        draw.ellipse(
            (x - 11 * tall, base - 138 * tall, x + 11 * tall, base - 112 * tall), fill=tone + 10
        )


def photograph(rng, kind: str, figures: int = 0) -> bytes:
    """A sepia photograph of a landscape, a street or a house, drawn from simple shapes."""
    w, h = PHOTO_SIZE
    horizon = int(h * rng.uniform(0.42, 0.58))
    img = _backdrop(PHOTO_SIZE, rng, rng.randint(200, 235), rng.randint(150, 185))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, horizon, w, h), fill=rng.randint(110, 140))
    if kind == "landscape":
        _hills(draw, rng, w, h, horizon, rng.randint(140, 170))
        _hills(draw, rng, w, h, horizon + 60, rng.randint(100, 130))
        bend = rng.randint(-200, 200)
        draw.polygon(
            [
                (w / 2 - 20, horizon + 40),
                (w / 2 + 20, horizon + 40),
                (w / 2 + 260 + bend, h),
                (w / 2 - 160 + bend, h),
            ],
            fill=205,
        )
        for _ in range(rng.randint(3, 8)):
            tx, ty = rng.randint(0, w), rng.randint(horizon + 30, h - 40)
            draw.rectangle((tx - 3, ty, tx + 3, ty + 40), fill=60)
            draw.ellipse((tx - 24, ty - 40, tx + 24, ty + 8), fill=rng.randint(55, 85))
    elif kind == "street":
        vx = w // 2 + rng.randint(-80, 80)
        draw.polygon([(vx - 6, horizon), (vx + 6, horizon), (w * 0.8, h), (w * 0.2, h)], fill=175)
        for side in (-1, 1):
            for i in range(6):
                depth = 1 - i * 0.15
                width = 150 * depth
                x = vx + side * (90 + 260 * depth) - (width if side < 0 else 0)
                _house(draw, rng, x, horizon + 140 * depth, width, rng.randint(120, 170))
    else:  # a house, sometimes with people in front of it
        _hills(draw, rng, w, h, horizon, rng.randint(150, 175))
        width = rng.randint(300, 380)
        x = (w - width) // 2 + rng.randint(-60, 60)
        _house(draw, rng, x, horizon + 130, width, rng.randint(135, 175))
        draw.rectangle((x + width * 0.44, horizon + 40, x + width * 0.56, horizon + 130), fill=70)
        for fx in range(0, w, 34):
            draw.rectangle((fx, horizon + 150, fx + 8, horizon + 200), fill=95)
        if figures:
            _figures(draw, rng, figures, x + width / 2, h - 40, 1.3)
    return _finish(img, rng, blur=1.3, grain=30, sepia=rng.random() < 0.85)
