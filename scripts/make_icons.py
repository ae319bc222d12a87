"""Draw the app icons the web app manifest names (static/img/icon-*.png).

The favicon's dumbbell, white on Steady's green: 192 and 512 px with rounded corners,
and a 512 px maskable one whose drawing keeps inside the central safe zone (80 %) that
launchers may crop to a circle. Run again after changing the design:

    uv run python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

GREEN = (47, 111, 98, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "static" / "img"
# The favicon's shapes on its 32-unit grid: the bar and the two plates.
SHAPES = [(8, 14, 24, 18), (5, 11, 8, 21), (24, 11, 27, 21)]


def draw(size: int, *, maskable: bool) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, size, size), fill=GREEN)
        scale, offset = size * 0.6 / 32, size * 0.2
    else:
        pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 4, fill=GREEN)
        scale, offset = size / 32, 0.0
    for x0, y0, x1, y1 in SHAPES:
        pen.rectangle(
            (offset + x0 * scale, offset + y0 * scale, offset + x1 * scale, offset + y1 * scale),
            fill=WHITE,
        )
    return image


def main() -> None:
    draw(192, maskable=False).save(OUT / "icon-192.png", optimize=True)
    draw(512, maskable=False).save(OUT / "icon-512.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
