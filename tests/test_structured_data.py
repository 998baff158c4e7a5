"""schema.org JSON-LD and OpenGraph/Twitter tags: the pure functions, then built pages
read with html.parser and json (independent of how the site produced them)."""

from __future__ import annotations

import json
import struct
import zlib
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import yaml

from civic_site.event_model import BERLIN, Location
from civic_site.social_image import png_bytes
from civic_site.social_meta import (
    DEFAULT_IMAGE,
    SocialPage,
    plain_text,
    social_image_path,
    social_meta_tags,
)
from civic_site.structured_data import (
    Organizer,
    event_json_ld,
    organization_json_ld,
    postal_address,
    script_safe_json,
)
from tests.sitebuild import FIXTURE_EVENTS, ROOT, BuildResult
from tests.test_calendar import make_event

SITE_URL = "https://www.civic-coding.de/"
ORGANIZER = Organizer("Civic Coding", SITE_URL)
MULTILINE_EVENTS = ROOT / "tests" / "fixtures" / "events-multiline"
# Google's Event rich results: required and recommended properties (performer is
# recommended too, but we do not know performers, so it is not checked).
GOOGLE_REQUIRED = ("name", "startDate", "location")
GOOGLE_RECOMMENDED = (
    "description",
    "endDate",
    "eventStatus",
    "eventAttendanceMode",
    "image",
    "organizer",
)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def ld(event, offer_url: str | None = None) -> dict:
    return event_json_ld(
        event,
        page_url=f"{SITE_URL}events/{event.slug}/",
        image_url=f"{SITE_URL}{DEFAULT_IMAGE}",
        organizer=ORGANIZER,
        offer_url=offer_url,
    )


# ---------------------------------------------------------------------------- unit tests


def test_script_safe_json_cannot_close_the_script_element() -> None:
    data = {"name": '</script><script>alert("x")</script> & <!-- \u2028 🎉'}
    text = script_safe_json(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data
    assert "🎉" in text  # not needlessly escaped


def test_postal_address_reads_german_postcode_and_city() -> None:
    assert postal_address("Alter Markt 13, 33602 Bielefeld") == {
        "@type": "PostalAddress",
        "streetAddress": "Alter Markt 13",
        "postalCode": "33602",
        "addressLocality": "Bielefeld",
        "addressCountry": "DE",
    }
    assert postal_address("10117 Berlin")["addressLocality"] == "Berlin"
    assert postal_address("Hinterhaus, Am Markt 1") == {
        "@type": "PostalAddress",
        "streetAddress": "Hinterhaus, Am Markt 1",
    }


def test_offline_event_with_registration() -> None:
    data = ld(make_event(), offer_url="https://pretix.eu/civic-coding/ki-zivil-11/")
    for key in GOOGLE_REQUIRED + GOOGLE_RECOMMENDED + ("offers", "inLanguage", "url"):
        assert key in data, key
    assert data["startDate"] == "2025-11-18T16:30:00+01:00"
    assert data["endDate"] == "2025-11-18T18:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["postalCode"] == "33602"
    assert data["offers"] == {
        "@type": "Offer",
        "url": "https://pretix.eu/civic-coding/ki-zivil-11/",
    }
    assert "offers" not in ld(make_event())


def test_online_and_hybrid_locations() -> None:
    online = ld(make_event(location=Location(online="https://meet.example.org/x")))
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/x"}
    hybrid = ld(make_event(location=Location(name="Saal", online="https://meet.example.org/x")))
    assert hybrid["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in hybrid["location"]] == ["Place", "VirtualLocation"]


def test_cancelled_all_day_event_uses_dates() -> None:
    day = datetime(2026, 5, 1, tzinfo=BERLIN)
    data = ld(make_event(start=day, end=None, all_day=True, cancelled=True))
    assert (data["startDate"], data["endDate"]) == ("2026-05-01", "2026-05-01")
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_organization() -> None:
    data = organization_json_ld(
        ORGANIZER, logo_url=f"{SITE_URL}logo.svg", description="KI", email="info@x.de"
    )
    assert data["@type"] == "Organization" and data["email"] == "info@x.de"


def test_social_image_only_raster_images() -> None:
    assert social_image_path("assets/images/events/ki.png") == "assets/images/events/ki.png"
    assert social_image_path("/assets/x.JPG") == "assets/x.JPG"
    assert social_image_path("assets/images/favicon.svg") == DEFAULT_IMAGE
    assert social_image_path(None) == DEFAULT_IMAGE


def test_plain_text_of_page_titles() -> None:
    assert plain_text("Fragen &amp; <em>Antworten</em>") == "Fragen & Antworten"


def test_social_tags() -> None:
    page = SocialPage(
        title="Titel\nmit Umbruch",
        description="Text",
        url=f"{SITE_URL}en/x/",
        image_url=f"{SITE_URL}{DEFAULT_IMAGE}",
        image_is_default=True,
        image_alt="Logo",
        locale="en_GB",
        other_locales=("de_DE",),
        site_name="Civic Coding",
        og_type="article",
    )
    tags = {name: content for _, name, content in social_meta_tags(page)}
    assert tags["og:title"] == "Titel mit Umbruch"
    assert tags["og:locale"] == "en_GB" and tags["og:locale:alternate"] == "de_DE"
    assert tags["twitter:card"] == "summary_large_image"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")


def read_png(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, raw scanlines) of an 8-bit RGB PNG, checking every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks[kind] = chunks.get(kind, b"") + body
        position += 12 + length
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, colour) == (8, 2)
    return width, height, zlib.decompress(chunks[b"IDAT"])


def test_default_social_image_is_a_1200x630_png() -> None:
    width, height, raw = read_png((ROOT / "docs" / DEFAULT_IMAGE).read_bytes())
    assert (width, height) == (1200, 630)
    assert len(raw) == height * (1 + width * 3)


def test_png_writer_round_trips_pixels() -> None:
    pixels = bytes(range(2 * 3 * 3)) * 1
    width, height, raw = read_png(png_bytes(pixels, 3, 2))
    assert (width, height) == (3, 2)
    assert raw == b"\x00" + pixels[:9] + b"\x00" + pixels[9:]


# ----------------------------------------------------------------------- built fixtures


class HeadParser(HTMLParser):
    """Meta tags and JSON-LD blocks as an HTML parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in values or values.get("name", "").startswith("tw")):
            self.meta.append((values.get("property") or values["name"], values["content"]))
        if tag == "script" and values.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld[-1] += data

    def first(self, name: str) -> str:
        return next(content for key, content in self.meta if key == name)


def head(site: BuildResult, rel: str) -> HeadParser:
    parser = HeadParser()
    parser.feed(site.page(rel))
    return parser


def event_slugs() -> list[str]:
    return sorted(p.stem for p in (FIXTURE_EVENTS / "de").glob("*.md"))


def test_every_event_page_has_a_complete_event(fixture_site: BuildResult) -> None:
    for prefix in ("", "en/"):
        for slug in event_slugs():
            blocks = [
                json.loads(b)
                for b in head(fixture_site, f"{prefix}events/{slug}/index.html").json_ld
            ]
            assert [b["@type"] for b in blocks] == ["Event"], slug
            data = blocks[0]
            meta = front_matter(FIXTURE_EVENTS / "de" / f"{slug}.md")
            # A timed event without `end` has no endDate: we do not invent one.
            known_end = "end" in meta or " " not in str(meta["start"])
            for key in GOOGLE_REQUIRED + GOOGLE_RECOMMENDED:
                if key != "endDate" or known_end:
                    assert data.get(key), f"{prefix}{slug}: {key}"
            assert data["@context"] == "https://schema.org"
            assert data["url"] == f"{SITE_URL}{prefix}events/{slug}/"
            assert all(image.startswith(SITE_URL) for image in data["image"])
            image_path = data["image"][0].removeprefix(SITE_URL)
            assert (fixture_site.site_dir / image_path).is_file()
            if "T" in data["startDate"]:
                assert data["startDate"][-6:] in ("+01:00", "+02:00")
            status = "EventCancelled" if meta.get("cancelled") else "EventScheduled"
            assert data["eventStatus"] == f"https://schema.org/{status}"
            has_registration = bool(meta.get("pretix") or meta.get("registration_url"))
            assert ("offers" in data) == has_registration, slug


def test_event_offers_point_at_pretix_or_the_registration_url(fixture_site: BuildResult) -> None:
    hybrid = json.loads(head(fixture_site, "events/upcoming-hybrid/index.html").json_ld[0])
    assert hybrid["offers"]["url"].endswith("/demo-meetup/")
    assert hybrid["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    talk = json.loads(head(fixture_site, "en/events/today-talk/index.html").json_ld[0])
    assert talk["offers"]["url"] == "https://example.org/anmeldung"
    assert talk["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/impuls",
    }
    german_only = json.loads(head(fixture_site, "en/events/nur-deutsch/index.html").json_ld[0])
    assert german_only["inLanguage"] == "de"


def test_home_pages_describe_the_organization(fixture_site: BuildResult) -> None:
    for rel, url in (("index.html", SITE_URL), ("en/index.html", f"{SITE_URL}en/")):
        (block,) = head(fixture_site, rel).json_ld
        data = json.loads(block)
        assert data["@type"] == "Organization"
        assert data["url"] == url
        assert data["logo"].startswith(SITE_URL) and data["name"]
    assert head(fixture_site, "initiative/index.html").json_ld == []


def test_every_page_has_social_tags(fixture_site: BuildResult) -> None:
    pages = [p for p in sorted(fixture_site.site_dir.rglob("index.html"))]
    assert len(pages) > 30
    for path in pages:
        rel = path.relative_to(fixture_site.site_dir).as_posix()
        tags = dict(head(fixture_site, rel).meta)
        english = rel.startswith("en/")
        for key in ("og:title", "og:description", "og:url", "og:image", "og:type"):
            assert tags.get(key), f"{rel}: {key}"
        assert tags["og:url"] == SITE_URL + rel.removesuffix("index.html")
        assert tags["og:image"].startswith(SITE_URL)
        assert (fixture_site.site_dir / tags["og:image"].removeprefix(SITE_URL)).is_file()
        assert tags["og:locale"] == ("en_GB" if english else "de_DE")
        assert tags["og:locale:alternate"] == ("de_DE" if english else "en_GB")
        assert tags["twitter:card"] == "summary_large_image"


def test_event_page_uses_the_teaser(fixture_site: BuildResult) -> None:
    tags = dict(head(fixture_site, "en/events/upcoming-hybrid/index.html").meta)
    meta = front_matter(FIXTURE_EVENTS / "en" / "upcoming-hybrid.md")
    assert tags["og:title"] == meta["title"]
    assert tags["og:description"] == meta["teaser"]
    assert tags["og:image"] == f"{SITE_URL}{DEFAULT_IMAGE}"  # its header image is an SVG


def test_hostile_title_round_trips_in_html_and_json_ld(fixture_site: BuildResult) -> None:
    for lang, prefix in (("de", ""), ("en", "en/")):
        meta = front_matter(FIXTURE_EVENTS / lang / "feindlich.md")
        html = fixture_site.page(f"{prefix}events/feindlich/index.html")
        parsed = head(fixture_site, f"{prefix}events/feindlich/index.html")
        assert parsed.first("og:title") == meta["title"]
        assert parsed.first("og:description") == meta["teaser"]
        (block,) = parsed.json_ld
        data = json.loads(block)
        assert data["name"] == meta["title"]
        assert data["description"] == meta["teaser"]
        assert data["location"]["name"] == meta["location"]["name"]
        # The raw text of the data block holds no markup that could end it early.
        assert "<" not in block and "&" not in block
        assert html.count("</script>") == html.count("<script")


def test_multiline_texts_round_trip(multiline_site: BuildResult) -> None:
    meta = front_matter(MULTILINE_EVENTS / "de" / "mehrzeilig.md")
    parsed = head(multiline_site, "events/mehrzeilig/index.html")
    assert parsed.first("og:title") == " ".join(meta["title"].split())  # one line in previews
    data = json.loads(parsed.json_ld[0])
    assert data["name"] == meta["title"]  # line break kept
    assert data["offers"]["url"] == meta["registration_url"]
    assert data["location"][1]["url"] == meta["online"]
