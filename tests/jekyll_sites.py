"""Jekyll sites for the import tests, built on the fixtures in tests/fixtures/.

`collection_site()` copies tests/fixtures/jekyll-collection/ and adds a season of
generated meetups (events with pretix widgets, German dates and places in the text, a
header image and a figure each) and recaps that link back to them in the ways real
sites do (`{% link %}`, the old permalink with and without the base URL, the absolute
URL). `hostile_site()` copies tests/fixtures/jekyll-hostile/ and adds what git should
not carry: symlinks, a file outside the site and an oversized image.

    python -m tests.jekyll_sites <folder>    # writes the full collection site there
"""

from __future__ import annotations

import shutil
import struct
import sys
import zlib
from datetime import date, timedelta
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
COLLECTION_FIXTURE = FIXTURES / "jekyll-collection"
HOSTILE_FIXTURE = FIXTURES / "jekyll-hostile"

MEETUPS = 24  # generated events in _meetups/
RECAP_EVERY = 3  # every third meetup gets a recap post in _posts/
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
)  # fmt: skip
PLACES = (
    "Stadtbibliothek, Am Markt 5, 12345 Musterstadt",
    "Bürgerhaus Nord, Lindenweg 12, 12347 Musterstadt",
    "Makerspace Alte Weberei, Fabrikstraße 3, 12349 Musterstadt",
)


def png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    """A valid PNG of one colour (no image library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def german_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {day.day}. {MONTHS[day.month - 1]} {day.year}"


def meetup_slug(number: int) -> str:
    return f"ki-treff-{number:02d}"


def _meetup(number: int) -> tuple[str, date]:
    day = date(2025, 1, 14) + timedelta(weeks=2 * (number - 1))  # every other Tuesday
    published = day - timedelta(days=10)
    place = PLACES[number % len(PLACES)]
    slug = meetup_slug(number)
    text = f"""---
title: "KI-Treff #{number}: Werkstattabend {number}"
excerpt: "Der {number}. KI-Treff der Digitalen Nachbarschaft: Projekte zeigen, Fragen klären."
date: {published.isoformat()}
image: /assets/images/meetups/{slug}.png
---

Beim {number}. KI-Treff stellen Vereine aus Musterstadt vor, wie sie KI für ihre Arbeit nutzen.
Danach ist Zeit für Fragen und Austausch.

{{% include figure.html image_path="/assets/images/meetups/raum.png" alt="Der Raum"
   caption="So sieht es bei uns aus." %}}

### Wann und wo
**{place}**

**{german_date(day)}**<br>
**Beginn:** 18:00 Uhr<br>
**Ende:** 20:00 Uhr

### Anmeldung
{{% include pretix-widget.html event="{slug}" %}}
"""
    return text, day


def _recap(number: int, day: date) -> tuple[str, str]:
    slug = meetup_slug(number)
    published = day + timedelta(days=3)
    link = (
        f"{{% link _meetups/{slug}.md %}}",
        f"{{{{ site.baseurl }}}}/meetups/{slug}/",
        f"https://digitale-nachbarschaft.example/blog/meetups/{slug}/",
    )[(number // RECAP_EVERY) % 3]
    text = f"""---
title: "Rückblick: KI-Treff #{number}"
date: {published.isoformat()} 10:00:00 +0100
categories: [Rückblick]
---

Danke an alle, die beim {number}. KI-Treff dabei waren! Worum es ging, steht in der
[Ankündigung]({link}).

![Gruppenfoto vom KI-Treff {number}]({{{{ "/assets/images/meetups/{slug}.png" | relative_url }}}})
"""
    return f"{published.isoformat()}-rueckblick-{slug}.md", text


def collection_site(target: Path) -> Path:
    """The collection fixture plus generated meetups and recaps, written to `target`."""
    shutil.copytree(COLLECTION_FIXTURE, target, symlinks=True)
    images = target / "assets" / "images" / "meetups"
    for number in range(1, MEETUPS + 1):
        text, day = _meetup(number)
        (target / "_meetups" / f"{meetup_slug(number)}.md").write_text(text, encoding="utf-8")
        (images / f"{meetup_slug(number)}.png").write_bytes(png(4, 3, (number * 10, 90, 160)))
        if number % RECAP_EVERY == 0:
            name, recap = _recap(number, day)
            (target / "_posts" / name).write_text(recap, encoding="utf-8")
    return target


def hostile_site(base: Path, oversized: int = 11 * 1024 * 1024) -> tuple[Path, Path]:
    """(site, outside): the hostile fixture copied to base/site, with a folder base/outside
    beside it that holds a secret text file and a real image. Adds the symlinks (one out
    of the site, one to an image inside it, a post and a folder pointing out) and an image
    over the size cap (a PNG header followed by `oversized` bytes)."""
    site, outside = base / "site", base / "outside"
    shutil.copytree(HOSTILE_FIXTURE, site, symlinks=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("GEHEIM: Zugangsdaten\n", encoding="utf-8")
    (outside / "photo.png").write_bytes(png(5, 5, (250, 0, 0)))
    (outside / "post.md").write_text(
        "---\ntitle: Fremder Beitrag\ndate: 2025-01-01\n---\n\nGEHEIM von außerhalb.\n",
        encoding="utf-8",
    )
    (outside / "more").mkdir()
    (outside / "more" / "2025-01-02-fremd.md").write_text(
        "---\ntitle: Noch ein fremder Beitrag\n---\n\nGEHEIM aus einem fremden Ordner.\n",
        encoding="utf-8",
    )
    images = site / "assets" / "images"
    (images / "link-outside.png").symlink_to(outside / "photo.png")
    (images / "link-inside.png").symlink_to("echt.png")
    (site / "_posts" / "2025-03-03-verlinkt.md").symlink_to(outside / "post.md")
    (site / "_posts" / "fremd").symlink_to(outside / "more", target_is_directory=True)
    (images / "riesig.png").write_bytes(png()[:33] + b"\x00" * oversized)
    return site, outside


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.jekyll_sites <new folder>")
    print(collection_site(Path(sys.argv[1])))
