"""Draw Townsquare's app icons (our own artwork: a white diamond with a blue "T") with Pillow.

    .venv/bin/python scripts/make_icons.py

writes townsquare/static/icons/: icon-192.png and icon-512.png (rounded tile, purpose "any"),
icon-maskable-512.png (full-bleed, the mark inside the central 80% safe zone), apple-touch-icon.png
(180×180, full-bleed: iOS rounds the corners itself) and favicon-32.png. The PNGs are committed;
re-run this after changing the drawing. Shapes only, no fonts, so the output is the same everywhere.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "townsquare" / "static" / "icons"
BRAND = (0x24, 0x56, 0xC7, 255)  # --brand in townsquare/static/css/townsquare.css
WHITE = (255, 255, 255, 255)
SUPERSAMPLE = 4


def draw(size: int, *, full_bleed: bool, mark_scale: float) -> Image.Image:
    """The tile at `size` px; the diamond spans `mark_scale` of the width."""
    big = size * SUPERSAMPLE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if full_bleed:
        d.rectangle((0, 0, big, big), fill=BRAND)
    else:
        d.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=BRAND)
    c, r = big / 2, big * mark_scale / 2
    d.polygon([(c, c - r), (c + r, c), (c, c + r), (c - r, c)], fill=WHITE)
    # the "T": a bar and a stem, in brand blue, inside the diamond
    bar_w, bar_h, stem_w = r * 0.9, r * 0.2, r * 0.24
    top = c - r * 0.42
    d.rectangle((c - bar_w / 2, top, c + bar_w / 2, top + bar_h), fill=BRAND)
    d.rectangle((c - stem_w / 2, top, c + stem_w / 2, c + r * 0.5), fill=BRAND)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icons = {
        "icon-192.png": draw(192, full_bleed=False, mark_scale=0.72),
        "icon-512.png": draw(512, full_bleed=False, mark_scale=0.72),
        "icon-maskable-512.png": draw(512, full_bleed=True, mark_scale=0.56),
        "apple-touch-icon.png": draw(180, full_bleed=True, mark_scale=0.62),
        "favicon-32.png": draw(32, full_bleed=False, mark_scale=0.8),
    }
    for name, img in icons.items():
        img.save(OUT / name, optimize=True)
        print(OUT / name, img.size)


if __name__ == "__main__":
    main()
