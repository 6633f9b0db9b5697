"""Pictures for the demo site, drawn with Pillow when `seed_demo` runs (made for the project, so
no licence or credit is needed, and no binary files are committed). Calm, abstract or
illustrated: a hero for the home page, the specialist's illustrated portrait, a picture for the
DVT page and one per news article. Each is found by title, so a second run makes nothing new;
saving one queues its renditions (clinic_site.images), so no visitor waits for them.
"""

import io
import math
import random

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFilter
from wagtail.images import get_image_model
from wagtail.models import Collection

SCALE = 2  # drawn at twice the size, then scaled down for smooth edges
TEAL = (11, 93, 99)
TEAL_LIGHT = (167, 211, 209)
MIST = (231, 242, 242)
SAND = (244, 236, 222)
CORAL = (224, 122, 95)
NAVY = (29, 53, 87)


def _canvas(width, height, top, bottom):
    """A vertical gradient from `top` to `bottom`."""
    image = PillowImage.new("RGB", (width * SCALE, height * SCALE))
    draw = ImageDraw.Draw(image)
    for y in range(height * SCALE):
        t = y / (height * SCALE - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width * SCALE, y)], fill=colour)
    return image


def _finish(image, width, height):
    buffer = io.BytesIO()
    image.resize((width, height), PillowImage.LANCZOS).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _waves(image, colours, seed, amplitude=0.06, bands=5):
    """Soft translucent bands, like slow water: the clinic's calm, abstract motif."""
    width, height = image.size
    rng = random.Random(seed)  # noqa: S311 (a drawing, not a secret)
    layer = PillowImage.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for band in range(bands):
        colour = colours[band % len(colours)]
        base = height * (0.35 + 0.13 * band)
        phase, wavelength = rng.uniform(0, math.tau), rng.uniform(0.7, 1.3) * width
        points = [
            (x, base + amplitude * height * math.sin(phase + math.tau * x / wavelength))
            for x in range(0, width + 20, 20)
        ]
        draw.polygon([*points, (width, height), (0, height)], fill=(*colour, 70))
    image.paste(layer.filter(ImageFilter.GaussianBlur(3 * SCALE)), (0, 0), layer)
    return image


def home_hero(width=1600, height=1000):
    image = _canvas(width, height, MIST, TEAL_LIGHT)
    _waves(image, [TEAL_LIGHT, (120, 180, 180), TEAL, (255, 255, 255)], seed=1)
    return _finish(image, width, height)


def veins_illustration(width=1200, height=800):
    """Branching lines on a pale ground: an abstract picture of the leg's deep veins."""
    image = _canvas(width, height, SAND, MIST)
    draw = ImageDraw.Draw(image)
    rng = random.Random(7)  # noqa: S311 (a drawing, not a secret)

    def branch(x, y, angle, length, thickness, depth):
        if depth == 0 or thickness < 2:
            return
        end_x = x + length * math.cos(angle)
        end_y = y + length * math.sin(angle)
        colour = TEAL if depth > 2 else (90, 150, 155)
        draw.line([(x, y), (end_x, end_y)], fill=colour, width=int(thickness))
        draw.ellipse(
            [
                end_x - thickness / 2,
                end_y - thickness / 2,
                end_x + thickness / 2,
                end_y + thickness / 2,
            ],
            fill=colour,
        )
        for turn in (-0.35, 0.3):
            branch(
                end_x,
                end_y,
                angle + turn + rng.uniform(-0.12, 0.12),
                length * 0.74,
                thickness * 0.66,
                depth - 1,
            )

    w, h = image.size
    branch(w * 0.5, h * 1.02, -math.pi / 2, h * 0.3, 34 * SCALE, 6)
    return _finish(image.filter(ImageFilter.SMOOTH), width, height)


def illustrated_portrait(size=800):
    """A flat, illustrated head-and-shoulders portrait (a stand-in for a real photograph)."""
    image = _canvas(size, size, MIST, TEAL_LIGHT)
    draw = ImageDraw.Draw(image)
    s = size * SCALE
    draw.ellipse([s * 0.12, s * 0.70, s * 0.88, s * 1.35], fill=NAVY)  # jacket
    draw.polygon(
        [(s * 0.40, s * 0.70), (s * 0.60, s * 0.70), (s * 0.50, s * 0.90)], fill=(250, 250, 250)
    )
    draw.polygon(
        [(s * 0.47, s * 0.74), (s * 0.53, s * 0.74), (s * 0.50, s * 0.92)], fill=TEAL
    )  # tie
    draw.rectangle([s * 0.44, s * 0.56, s * 0.56, s * 0.72], fill=(214, 170, 140))  # neck
    draw.ellipse([s * 0.31, s * 0.19, s * 0.69, s * 0.58], fill=(120, 120, 125))  # hair
    draw.ellipse([s * 0.30, s * 0.38, s * 0.36, s * 0.48], fill=(214, 170, 140))  # ears
    draw.ellipse([s * 0.64, s * 0.38, s * 0.70, s * 0.48], fill=(214, 170, 140))
    draw.ellipse([s * 0.33, s * 0.27, s * 0.67, s * 0.64], fill=(226, 184, 154))  # face
    for eye_x in (0.43, 0.57):
        draw.ellipse([s * (eye_x - 0.015), s * 0.42, s * (eye_x + 0.015), s * 0.45], fill=NAVY)
    draw.arc([s * 0.44, s * 0.47, s * 0.56, s * 0.56], 20, 160, fill=(150, 90, 80), width=SCALE * 5)
    return _finish(image, size, size)


def news_picture(seed, width=1200, height=675):
    palettes = [
        (MIST, TEAL_LIGHT, [TEAL, (255, 255, 255), CORAL]),
        (SAND, MIST, [TEAL_LIGHT, TEAL, (255, 255, 255)]),
        ((236, 240, 246), TEAL_LIGHT, [NAVY, TEAL_LIGHT, (255, 255, 255)]),
    ]
    top, bottom, colours = palettes[seed % len(palettes)]
    image = _canvas(width, height, top, bottom)
    draw = ImageDraw.Draw(image)
    rng = random.Random(seed)  # noqa: S311 (a drawing, not a secret)
    w, h = image.size
    for _ in range(3):
        r = rng.uniform(0.12, 0.3) * h
        x, y = rng.uniform(0.1, 0.9) * w, rng.uniform(0.15, 0.6) * h
        draw.ellipse([x - r, y - r, x + r, y + r], fill=rng.choice(colours))
    _waves(image, colours, seed=seed, bands=3, amplitude=0.04)
    return _finish(image.filter(ImageFilter.GaussianBlur(SCALE)), width, height)


def ensure_image(title, alt_text, make, filename):
    """The demo image called `title`, drawn by `make()` the first time."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        # A flushed database (transactional tests, a reset demo) has lost Wagtail's root collection.
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        image = Image(title=title, description=alt_text, collection=root)
        image.file = ImageFile(io.BytesIO(make()), name=filename)
        image.save()
    return image
