"""Atom feeds: civic_site/feeds.py directly, then the built feeds, read by feedparser."""

from __future__ import annotations

from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import yaml

from civic_site.event_format import DateFormats
from civic_site.event_model import BERLIN, Location
from civic_site.feeds import FeedSite, build_atom_feed, entry_timestamp, feed_order, xml_text
from civic_site.site_paths import SitePaths
from civic_site.ui_strings import load_ui_strings
from tests.sitebuild import FIXTURE_EVENTS, ROOT, STRINGS_DIR, BuildResult
from tests.test_calendar import make_event

SITE_URL = "https://www.civic-coding.de/"
# Dates in entries are written in each event's language, with that language's strings file.
DATE_FORMATS = {
    lang: DateFormats.from_strings(load_ui_strings(lang, STRINGS_DIR)) for lang in ("de", "en")
}
FEED_DE = FeedSite(
    SITE_URL,
    SitePaths("de", "de"),
    "Veranstaltungen",
    "Termine",
    "Civic Coding",
    "Abgesagt",
    DATE_FORMATS,
)
FEED_EN = FeedSite(
    SITE_URL, SitePaths("en", "de"), "Events", "Dates", "Civic Coding", "Cancelled", DATE_FORMATS
)
NOW = datetime(2026, 3, 10, 12, tzinfo=BERLIN)
MULTILINE_EVENTS = ROOT / "tests" / "fixtures" / "events-multiline"


def parse_feed(data: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


# ---------------------------------------------------------------------------- unit tests


def test_order_is_newest_announcement_first() -> None:
    announced_late = make_event(slug="a", date=date(2026, 3, 1))
    announced_early = make_event(slug="b", date=date(2025, 10, 1))
    no_date = make_event(slug="c", start=datetime(2026, 1, 5, 18, tzinfo=BERLIN), end=None)
    ordered = feed_order([announced_early, no_date, announced_late])
    assert [e.slug for e in ordered] == ["a", "c", "b"]
    assert entry_timestamp(announced_late) == datetime(2026, 3, 1, tzinfo=BERLIN)
    assert entry_timestamp(no_date) == no_date.start  # no announcement date: the start


def test_feed_structure_links_and_language() -> None:
    event = make_event(
        date=date(2025, 11, 4),
        categories=("KI und Zivilgesellschaft",),
        authors=("Maria Gonçalves", "Tom"),
    )
    feed = parse_feed(build_atom_feed([event], FEED_EN, NOW))
    assert feed.feed.title == "Events"
    assert feed.feed.language == "en"
    assert feed.feed.id == "https://www.civic-coding.de/en/events/feed.xml"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": "https://www.civic-coding.de/en/events/feed.xml",
        "alternate": "https://www.civic-coding.de/en/events/",
    }
    assert feed.feed.updated_parsed[:3] == (2025, 11, 3)  # midnight Berlin is 23:00 UTC
    (entry,) = feed.entries
    assert entry.link == "https://www.civic-coding.de/en/events/meetup/"
    assert entry.id == entry.link
    assert [a.name for a in entry.authors] == ["Maria Gonçalves", "Tom"]
    assert [(t.term, t.label) for t in entry.tags] == [
        ("ki-und-zivilgesellschaft", "KI und Zivilgesellschaft")
    ]
    assert entry.summary == "Ein Abend über KI."
    assert entry.title_detail.language == "de"  # German text in the English feed says so
    assert "Dienstag, 18. November 2025" in entry.content[0].value


def test_entry_without_authors_names_the_site() -> None:
    feed = parse_feed(build_atom_feed([make_event()], FEED_DE, NOW))
    assert [a.name for a in feed.entries[0].authors] == ["Civic Coding"]
    assert feed.entries[0].title_detail.language == "de"


def test_cancelled_entry_says_so() -> None:
    feed = parse_feed(build_atom_feed([make_event(cancelled=True)], FEED_DE, NOW))
    assert feed.entries[0].title == "Abgesagt: Meetup"


def test_hostile_text_is_escaped_by_the_xml_library() -> None:
    title = 'Zitate "hier" & <b>fett</b> </script> Komma, Semikolon; 🎉\nZeile 2'
    event = make_event(
        title=title,
        teaser="<script>alert(1)</script> & ]]> \x01",
        location=Location(name='Café "Ecke" & <1>'),
        authors=("Jane <JD> & Co",),
        categories=("A&B <c>",),
    )
    data = build_atom_feed([event], FEED_DE, NOW)
    assert b"<b>" not in data and b"<script>" not in data
    entry = parse_feed(data).entries[0]
    assert entry.title == title
    assert entry.summary == "<script>alert(1)</script> & ]]>"  # control character dropped
    assert b"\x01" not in data
    assert entry.authors[0].name == "Jane <JD> & Co"
    assert entry.tags[0].label == "A&B <c>"
    assert xml_text("a\x00b\x1fc\td") == "abc\td"


def test_empty_feed_is_still_valid() -> None:
    feed = parse_feed(build_atom_feed([], FEED_DE, NOW))
    assert feed.entries == []
    assert feed.feed.updated_parsed[:3] == (2026, 3, 10)


def test_feed_is_reproducible() -> None:
    events = [make_event(slug=f"e{i}", date=date(2026, 1, i + 1)) for i in range(3)]
    assert build_atom_feed(events, FEED_DE, NOW) == build_atom_feed(events[::-1], FEED_DE, NOW)


# ----------------------------------------------------------------------- built fixtures


def test_built_feeds_hold_every_event_with_absolute_links(fixture_site: BuildResult) -> None:
    slugs = {p.stem for p in (FIXTURE_EVENTS / "de").glob("*.md")}
    for lang, prefix in (("de", ""), ("en", "en/")):
        feed = parse_feed((fixture_site.site_dir / prefix / "events/feed.xml").read_bytes())
        assert feed.feed.language == lang
        assert {e.link for e in feed.entries} == {
            f"{SITE_URL}{prefix}events/{slug}/" for slug in slugs
        }
        for entry in feed.entries:
            page = entry.link.removeprefix(SITE_URL) + "index.html"
            assert (fixture_site.site_dir / page).is_file(), entry.link
            assert entry.authors
        stamps = [e.updated_parsed for e in feed.entries]
        assert stamps == sorted(stamps, reverse=True)


def test_built_feed_categories_and_authors(fixture_site: BuildResult) -> None:
    feed = parse_feed((fixture_site.site_dir / "events/feed.xml").read_bytes())
    entry = next(e for e in feed.entries if e.link.endswith("/upcoming-hybrid/"))
    assert [a.name for a in entry.authors] == ["Maria Gonçalves"]
    assert [t.label for t in entry.tags] == ["KI und Zivilgesellschaft", "Workshop"]
    assert entry.published_parsed[:3] == (2026, 2, 28)  # date: 2026-03-01, 00:00 Berlin


def test_hostile_and_multiline_titles_round_trip(
    fixture_site: BuildResult, multiline_site: BuildResult
) -> None:
    for lang, prefix in (("de", ""), ("en", "en/")):
        for site, folder, slug in (
            (fixture_site, FIXTURE_EVENTS, "feindlich"),
            (multiline_site, MULTILINE_EVENTS, "mehrzeilig"),
        ):
            meta = front_matter(folder / lang / f"{slug}.md")
            feed = parse_feed((site.site_dir / prefix / "events/feed.xml").read_bytes())
            entry = next(e for e in feed.entries if e.link.endswith(f"/{slug}/"))
            assert entry.title == meta["title"]
            assert entry.summary == meta["teaser"]
            assert [a.name for a in entry.authors] == meta["authors"]


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.feed_links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.in_head = self.in_head or tag == "head"
        if tag == "body":
            self.in_head = False
        if tag == "link" and values.get("type") == "application/atom+xml" and self.in_head:
            self.feed_links.append(values)


def test_every_page_head_announces_its_language_feed(fixture_site: BuildResult) -> None:
    pages = sorted(fixture_site.site_dir.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        rel = path.relative_to(fixture_site.site_dir).as_posix()
        collector = LinkCollector()
        collector.feed(path.read_text(encoding="utf-8"))
        prefix = "en/" if rel.startswith("en/") else ""
        assert len(collector.feed_links) == 1, rel
        link = collector.feed_links[0]
        # Autodiscovery reads rel as tokens; Material fetches a sitemap.xml below every
        # link whose whole rel is "alternate" (README: hreflang), so not that one.
        assert "alternate" in link["rel"].lower().split(), rel
        assert link["rel"].lower() != "alternate", rel
        assert link["href"] == f"{SITE_URL}{prefix}events/feed.xml", rel
        assert link["title"] == (
            "Civic Coding – Events" if prefix else "Civic Coding – Veranstaltungen"
        )
