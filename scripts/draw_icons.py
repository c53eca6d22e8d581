"""Draw the app icons (PNG) from the same shapes as static/goodwill/icon.svg.

Run once after changing the look: `python scripts/draw_icons.py`. The PNGs are committed.
A maskable icon keeps the smile inside the central 80% safe zone on a full background."""

from pathlib import Path

from PIL import Image, ImageDraw

GREEN = (34, 106, 91, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "goodwill" / "static" / "goodwill" / "icons"


def draw(size: int, *, maskable: bool) -> Image.Image:
    scale = 4  # draw large, then shrink: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), GREEN if maskable else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if not maskable:
        pen.ellipse((big * 0.0625, big * 0.0625, big * 0.9375, big * 0.9375), fill=GREEN)
    # The smile: an arc like the SVG's path (10,17.5 → 22,17.5 on a 32 grid).
    unit = big / 32 * (0.8 if maskable else 1.0)
    centre = big / 2
    box = (centre - 6.4 * unit, centre - 6.2 * unit, centre + 6.4 * unit, centre + 5.6 * unit)
    pen.arc(box, start=25, end=155, fill=WHITE, width=max(2, int(2.4 * unit)))
    return image.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
        draw(size, maskable=True).save(OUT / f"maskable-{size}.png", optimize=True)
    print("icons written to", OUT)
