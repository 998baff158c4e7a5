"""Titles are escaped wherever they appear (issue 15, "Content can never run script").

A copy of the project (tests/sitebuild.py) with docs pages and events whose front-matter
titles are hostile or merely awkward. Front-matter text is data: the build succeeds
(--strict) and every title shows up as exactly its text in <title>, <h1>, the nav, the
footer's previous/next links, search (index and what Material renders from it), social
meta, JSON-LD, the feed and the calendar; never as an element, an attribute or
double-escaped text (`&amp;lt;` a visitor would see).
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import icalendar
import pytest

from civic_site.page_titles import TitleSource, html_titles
from tests.browser import serve_site
from tests.html_tree import Node, parse
from tests.sitebuild import (
    FIXTURE_EVENTS,
    FIXTURE_NOW,
    ROOT,
    BuildResult,
    built_pages,
    make_fixture_project,
    run_mkdocs_build,
)

TITLES = {
    "titel-skript": "</title><script>alert(1)</script>",
    "titel-attribut": '"><img src=x onerror=alert(1)>',
    "titel-text": "Tom & Jerry <3",
}
SLUGS = list(TITLES)

# Docs pages without an <h1> of their own: Material prints the front-matter title as the
# page's heading.
PAGE = """\
---
title: {title}
---

Eine Seite, deren Titel aus dem Front Matter kommt.
"""

EVENT = """\
---
title: {title}
teaser: Ein Treffen mit einem schwierigen Titel.
start: 2026-05-{day:02d} 18:00
end: "20:00"
location:
  name: Innovation Office
---
{body}
"""

DOUBLE_ESCAPED = ("&amp;lt;", "&amp;gt;", "&amp;amp;", "&amp;quot;", "&amp;#34;", "&amp;#x27;")


def _fixture(target: Path) -> Path:
    """The project with its own docs/ and events/ copies plus the pages, in the nav."""
    events = target.parent / f"{target.name}-events"
    shutil.copytree(FIXTURE_EVENTS, events)
    # Each event in both languages (English search keeps only what differs from German);
    # the docs pages in German only, so /en/ shows them as fallback pages.
    for day, (slug, title) in enumerate(TITLES.items(), start=20):
        for lang, body in [("de", "Ein harmloser Absatz."), ("en", "A harmless paragraph.")]:
            text = EVENT.format(title=json.dumps(title), day=day, body=body)
            (events / lang / f"{slug}.md").write_text(text, encoding="utf-8")
    config = make_fixture_project(target, events)
    (target / "docs").unlink()
    shutil.copytree(ROOT / "docs", target / "docs")
    for slug, title in TITLES.items():
        page = target / "docs" / "de" / "beitraege" / f"{slug}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(title=json.dumps(title)), encoding="utf-8")
    # In the nav (without a title of their own), so nav and footer show the page titles.
    text = config.read_text(encoding="utf-8")
    entries = "".join(f"  - beitraege/{slug}.md\n" for slug in SLUGS)
    anchor = "  - Mitmachen: mitmachen.md\n"
    assert anchor in text
    config.write_text(text.replace(anchor, anchor + entries), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def title_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("titles") / "project"
    config = _fixture(project)
    result = run_mkdocs_build(config, project / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode == 0, result.output
    return result


def _page(site: BuildResult, rel: str) -> Node:
    return parse(site.page(rel))


def _docs_page(lang: str, slug: str) -> str:
    return f"{'' if lang == 'de' else 'en/'}beitraege/{slug}/index.html"


def _event_page(lang: str, slug: str) -> str:
    return f"{'' if lang == 'de' else 'en/'}events/{slug}/index.html"


LANGS = ["de", "en"]
PAGES = [(lang, slug) for lang in LANGS for slug in SLUGS]


def test_no_title_becomes_markup_anywhere(title_site: BuildResult) -> None:
    for path in built_pages(title_site.site_dir):
        html = path.read_text(encoding="utf-8")
        for node in parse(html).walk():
            handlers = [name for name in node.attrs if name.lower().startswith("on")]
            assert not handlers, (path, node.tag, node.attrs)
            assert not (node.tag == "img" and node.attrs.get("src") == "x"), path
            runs = node.tag == "script" and "json" not in (node.attrs.get("type") or "")
            assert not (runs and "alert(" in node.text()), path
        for twice in DOUBLE_ESCAPED:
            assert twice not in html, (path, twice)


@pytest.mark.parametrize(("lang", "slug"), PAGES)
def test_docs_page_title_is_text_in_head_and_heading(
    title_site: BuildResult, lang: str, slug: str
) -> None:
    title = TITLES[slug]
    root = _page(title_site, _docs_page(lang, slug))
    (head_title,) = [n for n in root.walk() if n.tag == "title"]
    assert head_title.text().startswith(f"{title} - "), head_title.text()
    h1s = [n.text().strip() for n in root.walk() if n.tag == "h1"]
    assert h1s == [title]
    header = [n for n in root.walk() if "md-header__topic" in n.classes()]
    assert title in [n.plain() for n in header]


@pytest.mark.parametrize(("lang", "slug"), PAGES)
def test_docs_page_title_is_text_in_social_meta(
    title_site: BuildResult, lang: str, slug: str
) -> None:
    root = _page(title_site, _docs_page(lang, slug))
    metas = {
        n.attrs.get("property") or n.attrs.get("name"): n.attrs.get("content")
        for n in root.walk()
        if n.tag == "meta"
    }
    assert metas["og:title"] == TITLES[slug]
    for name, content in metas.items():
        if name and name.endswith(":title"):
            assert content == TITLES[slug], name


@pytest.mark.parametrize("lang", LANGS)
def test_nav_and_footer_show_the_titles_as_text(title_site: BuildResult, lang: str) -> None:
    middle = SLUGS[1]
    root = _page(title_site, _docs_page(lang, middle))
    ellipses = [n.plain() for n in root.walk() if "md-ellipsis" in n.classes()]
    for title in TITLES.values():
        assert title in ellipses, (title, ellipses)
    links = [n for n in root.walk() if n.tag == "a" and "md-footer__link" in n.classes()]
    labels = [n.attrs["aria-label"] for n in links]
    assert len(labels) == 2
    assert labels[0].endswith(f": {TITLES[SLUGS[0]]}"), labels
    assert labels[1].endswith(f": {TITLES[SLUGS[2]]}"), labels
    footer_titles = [
        n.plain() for link in links for n in link.walk() if "md-ellipsis" in n.classes()
    ]
    assert footer_titles == [TITLES[SLUGS[0]], TITLES[SLUGS[2]]]


def _search_titles(site: BuildResult, lang: str, location: str) -> list[str]:
    index_path = ("" if lang == "de" else "en/") + "search/search_index.json"
    index = json.loads(site.page(index_path))
    return [doc["title"] for doc in index["docs"] if doc["location"].startswith(location)]


@pytest.mark.parametrize(("lang", "slug"), PAGES)
def test_search_index_holds_the_titles_as_text(
    title_site: BuildResult, lang: str, slug: str
) -> None:
    # Material renders the index's titles as HTML (with <mark> for hits): escaped text.
    # Locations relative to the language's home (hooks/search_split.py). German docs pages
    # only: static-i18n leaves the English fallback copies out of search.
    locations = [f"events/{slug}/"] + ([f"beitraege/{slug}/"] if lang == "de" else [])
    for location, title in [(place, TITLES[slug]) for place in locations]:
        found = _search_titles(title_site, lang, location)
        assert found, location
        rendered = parse(found[0])
        assert [n for n in rendered.walk() if n.tag != "#document"] == [], found[0]
        assert rendered.text() == title, found[0]


@pytest.mark.parametrize(("lang", "slug"), PAGES)
def test_event_page_title_is_text_everywhere(title_site: BuildResult, lang: str, slug: str) -> None:
    title = TITLES[slug]
    root = _page(title_site, _event_page(lang, slug))
    (head_title,) = [n for n in root.walk() if n.tag == "title"]
    assert head_title.text().startswith(f"{title} - "), head_title.text()
    assert [n.text().strip() for n in root.walk() if n.tag == "h1"] == [title]
    header = [n.plain() for n in root.walk() if "md-header__topic" in n.classes()]
    assert title in header
    og = [n.attrs["content"] for n in root.walk() if n.attrs.get("property") == "og:title"]
    assert og == [title]
    blocks = [
        json.loads(n.text())
        for n in root.walk()
        if n.tag == "script" and n.attrs.get("type") == "application/ld+json"
    ]
    assert [b["name"] for b in blocks if b.get("@type") == "Event"] == [title]


@pytest.mark.parametrize("lang", LANGS)
def test_event_listing_shows_the_titles_as_text(title_site: BuildResult, lang: str) -> None:
    root = _page(title_site, ("" if lang == "de" else "en/") + "events/index.html")
    cards = [n.plain() for n in root.walk() if "civic-event-card__title" in n.classes()]
    for title in TITLES.values():
        assert " ".join(title.split()) in cards


@pytest.mark.parametrize("lang", LANGS)
def test_feed_and_calendar_hold_the_titles_as_text(title_site: BuildResult, lang: str) -> None:
    prefix = "" if lang == "de" else "en/"
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(title_site.page(f"{prefix}events/feed.xml"))
    titles = {
        entry.find(f"{atom}title").text: entry.find(f"{atom}title").get("type")
        for entry in feed.iter(f"{atom}entry")
    }
    for title in TITLES.values():
        assert titles.get(title) == "text", titles
    calendar = icalendar.Calendar.from_ical(
        (title_site.site_dir / f"{prefix}events/calendar.ics").read_bytes()
    )
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert set(TITLES.values()) <= summaries


@pytest.mark.parametrize(("lang", "slug"), PAGES)
def test_language_switcher_is_intact(title_site: BuildResult, lang: str, slug: str) -> None:
    root = _page(title_site, _docs_page(lang, slug))
    switcher = [n for n in root.walk() if n.tag == "a" and "md-select__link" in n.classes()]
    assert {n.attrs.get("hreflang") for n in switcher} == set(LANGS)
    for link in switcher:
        assert set(link.attrs) <= {"href", "hreflang", "class", "lang"}, link.attrs
        assert re.fullmatch(r"[\w./-]*", link.attrs["href"] or ""), link.attrs


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "slug"), [("Jerry", "titel-text"), ("onerror", "titel-attribut")]
)
def test_search_results_and_document_title_show_text_in_the_browser(
    title_site: BuildResult, browser: Any, query: str, slug: str
) -> None:
    title = TITLES[slug]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        with serve_site(title_site.site_dir) as site:
            page.goto(site.url(f"beitraege/{slug}/"), wait_until="networkidle")
            assert page.title().startswith(f"{title} - ")
            search = page.locator("input.md-search__input")
            search.click()
            search.press_sequentially(query, delay=20)
            page.locator(".md-search-result__item").first.wait_for()
            shown = page.eval_on_selector_all(
                ".md-search-result__link",
                """links => links.map(a => [
                    new URL(a.href).pathname, a.querySelector("h1")?.textContent.trim()
                ])""",
            )
            injected = page.eval_on_selector_all(".md-search-result img", "imgs => imgs.length")
    finally:
        context.close()
    # The docs page and the event: both titles as text.
    found = {path: text for path, text in shown}
    assert found.get(f"/beitraege/{slug}/") == title, shown
    assert found.get(f"/events/{slug}/") == title, shown
    assert injected == 0
    assert dialogs == []


def _source(**given: object) -> TitleSource:
    fields = {"nav": None, "front_matter": None, "heading": None, "derived": None}
    return TitleSource(**{**fields, "is_homepage": False, **given})


def test_front_matter_titles_are_text() -> None:
    titles = html_titles(_source(front_matter="Tom & Jerry <3", derived="Tom & Jerry <3"))
    assert titles.page == titles.meta == "Tom &amp; Jerry &lt;3"
    assert html_titles(_source(front_matter=2024)).meta == "2024"


def test_titles_from_headings_and_nav_stay_html_and_are_never_escaped_twice() -> None:
    heading = html_titles(_source(heading="Q&amp;A", derived="Q&amp;A"))
    assert heading.page == heading.meta == "Q&amp;A"
    nav = html_titles(_source(nav="Start", front_matter="Willkommen & mehr"))
    assert (nav.page, nav.meta) == ("Start", "Willkommen &amp; mehr")
    again = html_titles(_source(nav=nav.page, front_matter=nav.meta))
    assert again == nav


def test_file_name_titles_are_text_and_the_home_page_keeps_the_site_name() -> None:
    assert html_titles(_source(derived="A&b")).page == "A&amp;b"
    home = html_titles(_source(heading="Start", derived="Start", is_homepage=True))
    assert (home.page, home.meta) == ("Start", None)
