# ruff: noqa: E501  (the table of broken files reads best with one message per line)
"""End-to-end: the real config, theme and hooks build the fixture events at a fixed SITE_NOW."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.sitebuild import (
    FIXTURE_EVENTS,
    FIXTURE_NOW,
    BuildResult,
    make_fixture_project,
    run_mkdocs_build,
)

SITE_URL = "https://www.civic-coding.de/"


class PageParser(HTMLParser):
    """Collects what the tests look at: attributes by element and visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.elements
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    @property
    def plain_text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))


def parse(site: BuildResult, rel: str) -> PageParser:
    parser = PageParser()
    parser.feed(site.page(rel))
    return parser


def article_state(site: BuildResult, rel: str) -> str:
    article = [a for a in parse(site, rel).find("article") if "civic-event" in a.get("class", "")]
    return article[0]["data-event-state"]


def card_links(html: str, list_name: str) -> list[str]:
    match = re.search(rf'data-list="{list_name}">(.*?)</ol>', html, re.S)
    return re.findall(r'civic-event-card__title">\s*<a href="([^"]+)"', match.group(1))


# ---------------------------------------------------------------- event pages


def test_event_page_info_box_german(fixture_site: BuildResult) -> None:
    text = parse(fixture_site, "events/upcoming-hybrid/index.html").plain_text
    assert "Mittwoch, 15. April 2026, 18:00–20:00 Uhr" in text
    assert "Einlass 17:30 Uhr" in text
    assert "Innovation Office Alter Markt 13, 33602 Bielefeld" in text
    assert "Zur Online-Teilnahme" in text and "KI und Zivilgesellschaft" in text


def test_event_page_info_box_english(fixture_site: BuildResult) -> None:
    page = parse(fixture_site, "en/events/upcoming-hybrid/index.html")
    text = page.plain_text
    assert "Wednesday, 15 April 2026, 6:00–8:00 pm" in text
    assert "Admission 5:30 pm" in text
    assert "Language German" in text  # held in German, announced in English
    assert page.find("a", href="https://meet.example.org/ki-ehrenamt")
    assert page.find("a", href="../series/ki-und-zivilgesellschaft/")


@pytest.mark.parametrize(
    ("slug", "state"),
    [
        ("upcoming-hybrid", "upcoming"),
        ("today-talk", "today"),
        ("running-workshop", "running"),
        ("vergangen", "past"),
        ("abgesagt", "cancelled"),
    ],
)
def test_visible_state(fixture_site: BuildResult, slug: str, state: str) -> None:
    for prefix in ("", "en/"):
        rel = f"{prefix}events/{slug}/index.html"
        assert article_state(fixture_site, rel) == state
        badges = [
            a for a in parse(fixture_site, rel).find("p") if "civic-badge" in a.get("class", "")
        ]
        assert badges and f"civic-badge--{state}" in badges[0]["class"]


def test_cancelled_event_says_so(fixture_site: BuildResult) -> None:
    assert (
        "Diese Veranstaltung ist abgesagt."
        in parse(fixture_site, "events/abgesagt/index.html").plain_text
    )
    assert (
        "This event has been cancelled."
        in parse(fixture_site, "en/events/abgesagt/index.html").plain_text
    )


def test_german_only_event_in_english(fixture_site: BuildResult) -> None:
    page = parse(fixture_site, "en/events/nur-deutsch/index.html")
    assert page.find("html")[0]["lang"] == "en"
    article = [a for a in page.find("article") if "civic-event" in a.get("class", "")][0]
    assert article["lang"] == "de"
    assert "This page is only available in German" in page.plain_text
    assert "Nur auf Deutsch angekündigt" in page.plain_text
    listing = fixture_site.page("en/events/index.html")
    assert 'href="nur-deutsch/" lang="de"' in listing


def test_no_page_has_a_switcher_or_hreflang_to_a_missing_page(fixture_site: BuildResult) -> None:
    site = fixture_site.site_dir
    generated = sorted(site.glob("events/**/index.html")) + sorted(
        site.glob("en/events/**/index.html")
    )
    assert len(generated) > 20
    hreflang = sitemap_entries(fixture_site)  # hreflang lives in sitemap.xml (README)
    for path in generated:
        rel = path.relative_to(site).as_posix()
        page = parse(fixture_site, rel)
        own_url = urljoin(SITE_URL, rel.removesuffix("index.html"))
        other = (
            own_url.replace(SITE_URL + "en/", SITE_URL)
            if "/en/" in own_url
            else own_url.replace(SITE_URL, SITE_URL + "en/")
        )
        de_url, en_url = (other, own_url) if rel.startswith("en/") else (own_url, other)
        assert hreflang[own_url] == {"de": de_url, "en": en_url, "x-default": de_url}, rel
        switcher = {
            a["hreflang"]: urljoin(own_url, a["href"])
            for a in page.find("a")
            if "md-select__link" in a.get("class", "")
        }
        assert switcher == {"de": de_url, "en": en_url}, rel


def sitemap_entries(site: BuildResult) -> dict[str, dict[str, str]]:
    """{loc: {hreflang: href}} of a built site's sitemap.xml."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(site.page("sitemap.xml"))
    return {
        url.find("s:loc", ns).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }


def test_sitemap_lists_generated_pages_with_alternates(fixture_site: BuildResult) -> None:
    entries = sitemap_entries(fixture_site)
    for loc in (f"{SITE_URL}events/nur-deutsch/", f"{SITE_URL}en/events/nur-deutsch/"):
        assert entries[loc] == {
            "de": f"{SITE_URL}events/nur-deutsch/",
            "en": f"{SITE_URL}en/events/nur-deutsch/",
            "x-default": f"{SITE_URL}events/nur-deutsch/",
        }
    assert f"{SITE_URL}en/events/" in entries and f"{SITE_URL}events/series/lernreise/" in entries


# ------------------------------------------------------------------- listings


def test_listing_order_and_year_groups(fixture_site: BuildResult) -> None:
    html = fixture_site.page("events/index.html")
    assert card_links(html, "upcoming") == [
        "running-workshop/",
        "today-talk/",
        "upcoming-hybrid/",
        "abgesagt/",
        "nur-deutsch/",
        "feindlich/",
        "mehrtaegig/",
    ]
    assert card_links(html, "past-2025") == ["vergangen/", "rueckblick-vergangen/"]
    assert card_links(html, "past-2023") == ["alt-2023/"]
    # Older years move to archive pages so the listing does not grow without bound.
    assert 'data-list="past-2022"' not in html
    assert 'href="archive/2022/"' in html
    archive = fixture_site.page("events/archive/2022/index.html")
    assert card_links(archive, "past-2022") == ["../../alt-2022/"]


def test_listing_is_in_the_nav_in_both_languages(fixture_site: BuildResult) -> None:
    assert 'href="events/"' in fixture_site.page("index.html")
    assert 'href="events/"' in fixture_site.page("en/index.html")
    assert "<h1>Events</h1>" in fixture_site.page("en/events/index.html")


def test_series_and_category_pages(fixture_site: BuildResult) -> None:
    series = fixture_site.page("en/events/series/ki-und-zivilgesellschaft/index.html")
    assert "<h1>AI and Civil Society</h1>" in series
    assert card_links(series, "upcoming") == ["../../upcoming-hybrid/"]
    assert card_links(series, "past-2025") == ["../../vergangen/"]
    category = fixture_site.page("events/category/fachtag/index.html")
    assert card_links(category, "upcoming") == ["../../abgesagt/"]


def test_home_shows_next_three_events(fixture_site: BuildResult) -> None:
    html = fixture_site.page("index.html")
    assert card_links(html, "home") == [
        "events/running-workshop/",
        "events/today-talk/",
        "events/upcoming-hybrid/",
    ]


def test_recap_link_on_past_event(fixture_site: BuildResult) -> None:
    page = fixture_site.page("events/vergangen/index.html")
    assert "Diese Veranstaltung hat stattgefunden" in page
    assert 'href="../rueckblick-vergangen/"' in page


# -------------------------------------------------------- source tree untouched


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_build_writes_nothing_into_sources(tmp_path: Path) -> None:
    config = make_fixture_project(tmp_path / "project")
    docs = Path(config.parent / "docs").resolve()
    before = (snapshot(config.parent / "events"), snapshot(docs))
    result = run_mkdocs_build(config, tmp_path / "project" / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode == 0, result.output
    assert (snapshot(config.parent / "events"), snapshot(docs)) == before


# ------------------------------------------------------------------ bad input

BROKEN = {
    "unbekannt.md": (
        "---\ntitle: T\nteaser: T\nstart: 2026-04-01 10:00\nort: Bielefeld\n"
        "location: {name: X}\n---\n",
        "events/de/unbekannt.md:5: ort: unbekannter Schlüssel",
    ),
    "ohne-teaser.md": (
        "---\ntitle: T\nstart: 2026-04-01 10:00\nlocation: {name: X}\n---\n",
        "events/de/ohne-teaser.md:1: teaser: Pflichtangabe fehlt.",
    ),
    "datum.md": (
        "---\ntitle: T\nteaser: T\nstart: 1. April\nlocation: {name: X}\n---\n",
        "events/de/datum.md:4: start:",
    ),
    "ende.md": (
        "---\ntitle: T\nteaser: T\nstart: 2026-04-01 10:00\nend: '09:00'\n"
        "location: {name: X}\n---\n",
        "events/de/ende.md:5: end: liegt nicht nach dem Beginn",
    ),
    "reihe.md": (
        "---\ntitle: T\nteaser: T\nstart: 2026-04-01 10:00\nlocation: {name: X}\n"
        "series: lernreisen\n---\n",
        "events/de/reihe.md:6: series: „lernreisen“ steht nicht in events/series.yml. Meinten Sie „lernreise“?",
    ),
    "bild.md": (
        "---\ntitle: T\nteaser: T\nstart: 2026-04-01 10:00\nlocation: {name: X}\n"
        "header_image: fehlt.png\n---\n",
        "events/de/bild.md:6: header_image: Die Bilddatei docs/fehlt.png gibt es nicht;",
    ),
    "pretix.md": (
        "---\ntitle: T\nteaser: T\nstart: 2026-04-01 10:00\nlocation: {name: X}\n"
        "pretix: 'x y'\n---\n",
        "events/de/pretix.md:6: pretix:",
    ),
    "ohne-ort.md": (
        "---\ntitle: T\nteaser: T\nstart: 2026-04-01 10:00\n---\n",
        "events/de/ohne-ort.md:1: location: Bitte einen Ort",
    ),
    "kaputt.md": (
        "---\ntitle: [T\nteaser: T\n---\n",
        "events/de/kaputt.md:3: Das Front Matter ist kein gültiges YAML",
    ),
    "Grosser Name.md": (
        "---\ntitle: T\nteaser: T\nstart: 2026-04-01 10:00\nlocation: {name: X}\n---\n",
        "events/de/Grosser Name.md:1: Der Dateiname darf nur Kleinbuchstaben",
    ),
    "http.md": (
        "---\ntitle: T\nteaser: T\nstart: 2026-04-01 10:00\nonline: http://example.org\n---\n",
        "events/de/http.md:5: online:",
    ),
    "rueckblick.md": (
        "---\ntitle: T\nteaser: T\nstart: 2026-04-01 10:00\nlocation: {name: X}\n"
        "recap: gibt-es-nicht\n---\n",
        "events/de/rueckblick.md:6: recap: „gibt-es-nicht“ ist weder eine Seite",
    ),
    "2026/upcoming-hybrid.md": (
        "---\ntitle: T\nteaser: T\nstart: 2026-04-01 10:00\nlocation: {name: X}\n---\n",
        "events/de/2026/upcoming-hybrid.md:1: Den Kurznamen „upcoming-hybrid“ gibt es schon: events/de/upcoming-hybrid.md.",
    ),
}


def test_bad_event_files_stop_the_build_with_file_line_and_key(tmp_path: Path) -> None:
    events = tmp_path / "events"
    shutil.copytree(FIXTURE_EVENTS, events)
    for name, (text, _) in BROKEN.items():
        (events / "de" / name).parent.mkdir(exist_ok=True)
        (events / "de" / name).write_text(text, encoding="utf-8")
    originals = snapshot(events)
    config = make_fixture_project(tmp_path / "project", events)
    result = run_mkdocs_build(config, tmp_path / "project" / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode != 0
    assert "Traceback" not in result.output
    for _, expected in BROKEN.values():
        assert expected in result.output
    assert snapshot(events) == originals  # nothing an editor wrote is changed


def test_registration_box_only_when_there_is_something_to_say(fixture_site: BuildResult) -> None:
    # No pretix and no registration link, still upcoming: no empty "Anmeldung" section.
    assert 'id="registration-heading"' not in fixture_site.page("events/mehrtaegig/index.html")
    assert 'id="registration-heading"' in fixture_site.page("events/nur-deutsch/index.html")
    assert 'id="registration-heading"' in fixture_site.page("events/vergangen/index.html")


def test_recap_event_links_back_to_its_announcement(fixture_site: BuildResult) -> None:
    page = fixture_site.page("events/rueckblick-vergangen/index.html")
    assert "Dieser Beitrag ist der Rückblick auf:" in page
    assert 'href="../vergangen/"' in page
    english = fixture_site.page("en/events/rueckblick-vergangen/index.html")
    assert "This is the recap of:" in english and 'href="../vergangen/" lang="de"' in english


def test_recap_page_links_back_to_its_announcement(tmp_path: Path) -> None:
    events = tmp_path / "events"
    shutil.copytree(FIXTURE_EVENTS, events)
    (events / "de" / "mit-bericht.md").write_text(
        "---\ntitle: Treffen mit Bericht\nteaser: T\nstart: 2025-10-01 10:00\n"
        "location: {name: X}\nrecap: mitmachen.md\n---\nText.\n",
        encoding="utf-8",
    )
    config = make_fixture_project(tmp_path / "project", events)
    result = run_mkdocs_build(config, tmp_path / "project" / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode == 0, result.output
    assert 'href="../events/mit-bericht/"' in result.page("mitmachen/index.html")
    assert 'href="../events/mit-bericht/" lang="de"' in result.page("en/mitmachen/index.html")
    assert 'href="../../mitmachen/"' in result.page("events/mit-bericht/index.html")
