"""The default preview image for shared links (docs/assets/images/social-default.png).

Social networks want a raster image of about 1200×630 pixels; our logo is an SVG. This
draws the logo and the words CIVIC CODING as round-capped strokes (the logo's own style)
with anti-aliased edges from distance functions, and writes a PNG with zlib and struct,
so the site needs no imaging library. Regenerate after a design change with

    .venv/bin/python -m civic_site.social_image docs/assets/images/social-default.png
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
BACKGROUND = (0x0B, 0x55, 0x63)  # --md-primary-fg-color in docs/assets/css/civic.css
INK = (0xFF, 0xFF, 0xFF)
ACCENT = (0xF2, 0xB6, 0x32)  # --civic-highlight


@dataclass(frozen=True)
class Stroke:
    """A round-capped line (a == b gives a dot) or a circular arc, `width` pixels thick."""

    a: tuple[float, float]
    b: tuple[float, float]
    width: float
    radius: float = 0.0  # > 0: an arc around `a` from angle b[0] to b[1] (degrees, y down)

    def bounds(self) -> tuple[int, int, int, int]:
        reach = self.width / 2 + 1
        if self.radius:
            (cx, cy), r = self.a, self.radius + reach
            return int(cx - r), int(cy - r), int(cx + r) + 1, int(cy + r) + 1
        xs, ys = (self.a[0], self.b[0]), (self.a[1], self.b[1])
        return (
            int(min(xs) - reach),
            int(min(ys) - reach),
            int(max(xs) + reach) + 1,
            int(max(ys) + reach) + 1,
        )

    def distance(self, x: float, y: float) -> float:
        if self.radius:
            return self._arc_distance(x, y)
        (ax, ay), (bx, by) = self.a, self.b
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
        return math.hypot(x - ax - t * dx, y - ay - t * dy)

    def _arc_distance(self, x: float, y: float) -> float:
        (cx, cy), (start, end) = self.a, self.b
        angle = math.degrees(math.atan2(y - cy, x - cx)) % 360
        if (angle - start) % 360 <= (end - start) % 360 or end - start >= 360:
            return abs(math.hypot(x - cx, y - cy) - self.radius)
        ends = [
            (
                cx + self.radius * math.cos(math.radians(a)),
                cy + self.radius * math.sin(math.radians(a)),
            )
            for a in (start, end)
        ]
        return min(math.hypot(x - ex, y - ey) for ex, ey in ends)


def _logo(cx: float, cy: float, scale: float) -> list[Stroke]:
    """logo.svg (a 48×48 viewBox centred on 24,24) at `scale` pixels per unit."""

    def at(ux: float, uy: float) -> tuple[float, float]:
        return cx + (ux - 24) * scale, cy + (uy - 24) * scale

    chevron = 3.5 * scale
    return [
        Stroke(at(24, 24), (0, 360), 3 * scale, radius=22 * scale),
        Stroke(at(18, 16), at(10, 24), chevron),
        Stroke(at(10, 24), at(18, 32), chevron),
        Stroke(at(30, 16), at(38, 24), chevron),
        Stroke(at(38, 24), at(30, 32), chevron),
    ]


# Letters in units of their height (y down), as lines ("l", points…) and arcs
# ("a", centre x, centre y, radius, from, to); each with its advance width.
_GLYPHS: dict[str, tuple[float, list[tuple]]] = {
    "C": (0.86, [("a", 0.5, 0.5, 0.5, 45, 315)]),
    "O": (1.0, [("a", 0.5, 0.5, 0.5, 0, 360)]),
    "I": (0.0, [("l", (0, 0), (0, 1))]),
    "V": (0.8, [("l", (0, 0), (0.4, 1), (0.8, 0))]),
    "N": (0.75, [("l", (0, 1), (0, 0), (0.75, 1), (0.75, 0))]),
    "D": (
        0.8,
        [("l", (0.3, 0), (0, 0), (0, 1), (0.3, 1)), ("a", 0.3, 0.5, 0.5, 270, 90)],
    ),
    "G": (1.0, [("a", 0.5, 0.5, 0.5, 0, 310), ("l", (1.0, 0.5), (0.62, 0.5))]),
}


def _text(word: str, left: float, top: float, height: float, width: float) -> list[Stroke]:
    strokes, x = [], left
    gap = height * 0.34
    for letter in word:
        advance, parts = _GLYPHS[letter]
        for kind, *spec in parts:
            if kind == "a":
                ux, uy, ur, start, end = spec
                centre = (x + ux * height, top + uy * height)
                strokes.append(Stroke(centre, (start, end), width, radius=ur * height))
            else:
                points = [(x + px * height, top + py * height) for px, py in spec]
                strokes += [Stroke(p, q, width) for p, q in zip(points, points[1:], strict=False)]
        x += advance * height + gap
    return strokes


def _paint(pixels: bytearray, strokes: list[Stroke], colour: tuple[int, int, int]) -> None:
    """Blend `colour` over the pixels covered by the strokes (coverage from distance)."""
    coverage: dict[int, float] = {}
    for stroke in strokes:
        x0, y0, x1, y1 = stroke.bounds()
        half = stroke.width / 2
        for y in range(max(0, y0), min(HEIGHT, y1)):
            for x in range(max(0, x0), min(WIDTH, x1)):
                cover = min(1.0, max(0.0, half + 0.5 - stroke.distance(x + 0.5, y + 0.5)))
                if cover > coverage.get(y * WIDTH + x, 0.0):
                    coverage[y * WIDTH + x] = cover
    for index, cover in coverage.items():
        for channel in range(3):
            old = pixels[index * 3 + channel]
            pixels[index * 3 + channel] = round(old + (colour[channel] - old) * cover)


def render_pixels() -> bytearray:
    pixels = bytearray(bytes(BACKGROUND) * (WIDTH * HEIGHT))
    _paint(pixels, _logo(300, 300, 8.5), INK)
    _paint(pixels, [Stroke((300, 300), (300, 300), 8 * 8.5)], ACCENT)  # the logo's dot
    _paint(pixels, _text("CIVIC", 560, 190, 90, 17), INK)
    _paint(pixels, _text("CODING", 560, 330, 90, 17), INK)
    _paint(pixels, [Stroke((0, 615), (WIDTH, 615), 30)], ACCENT)
    return pixels


def png_bytes(pixels: bytes, width: int, height: int) -> bytes:
    """An 8-bit RGB PNG (no filtering; zlib does the work)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = width * 3
    raw = b"".join(b"\x00" + pixels[y * row : (y + 1) * row] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main(argv: list[str]) -> int:
    target = Path(argv[1] if len(argv) > 1 else "docs/assets/images/social-default.png")
    target.write_bytes(png_bytes(bytes(render_pixels()), WIDTH, HEIGHT))
    print(f"{target}: {WIDTH}×{HEIGHT} PNG")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
