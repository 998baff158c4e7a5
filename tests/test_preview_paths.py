"""URLs for a site opened from disk (`use_directory_urls: false`, the pull-request preview).

Every URL comes from civic_site/site_paths.py; with `directory_urls=False` it must give the
`….html` / `…/index.html` forms MkDocs itself gives pages then, so generated pages, template
links, calendars and the language switcher all work from `file://`.
"""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File

from civic_site.event_pages import recap_backlinks
from civic_site.project import load_project
from civic_site.site_paths import SitePaths, page_dest_uri, page_path
from tests.sitebuild import ROOT

SOURCES = [
    "index.md",
    "initiative.md",
    "events/index.md",
    "events/ki-zivil-11.md",
    "events/archive/2023.md",
    "events/series/meetup.md",
    "projekte/civic-data-lab.md",
    "rueckblicke/index.md",
]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("source", SOURCES)
def test_page_urls_follow_mkdocs_own_rule(source: str, directory_urls: bool) -> None:
    """Generated pages and links to them agree with the pages MkDocs makes from docs/."""
    mkdocs_file = File(source, "/docs", "/site", directory_urls)
    assert page_dest_uri(source, "de", "de", directory_urls) == mkdocs_file.dest_uri
    assert page_dest_uri(source, "en", "de", directory_urls) == "en/" + mkdocs_file.dest_uri
    expected_url = "" if mkdocs_file.url == "./" else mkdocs_file.url
    assert page_path(source, directory_urls) == expected_url


def test_directory_urls_stay_the_default() -> None:
    paths = SitePaths("en", "de")
    assert paths.event("x") == "en/events/x/"
    assert paths.home() == "en/"
    assert SitePaths("de", "de").home() == ""


@pytest.mark.parametrize(
    ("lang", "call", "expected"),
    [
        ("de", lambda p: p.home(), "index.html"),
        ("en", lambda p: p.home(), "en/index.html"),
        ("de", lambda p: p.listing(), "events/index.html"),
        ("en", lambda p: p.listing(), "en/events/index.html"),
        ("de", lambda p: p.event("ki-zivil-11"), "events/ki-zivil-11.html"),
        ("en", lambda p: p.event("ki-zivil-11"), "en/events/ki-zivil-11.html"),
        ("de", lambda p: p.archive(2023), "events/archive/2023.html"),
        ("en", lambda p: p.series("meetup"), "en/events/series/meetup.html"),
        ("de", lambda p: p.category("KI & Ethik"), "events/category/ki-ethik.html"),
        ("en", lambda p: p.page("impressum.md"), "en/impressum.html"),
        ("en", lambda p: p.page_in("leichte-sprache.md", "de"), "leichte-sprache.html"),
        ("de", lambda p: p.recap("rueckblicke/treffen", []), "rueckblicke/treffen.html"),
        ("en", lambda p: p.recap("events/alt", ["alt"]), "en/events/alt.html"),
        # files, not pages: the same in both forms
        ("de", lambda p: p.event_calendar("x"), "events/x/x.ics"),
        ("en", lambda p: p.calendar(), "en/events/calendar.ics"),
        ("en", lambda p: p.feed(), "en/events/feed.xml"),
        ("en", lambda p: p.search_index(), "en/search/search_index.json"),
    ],
)
def test_file_urls(lang: str, call, expected: str) -> None:
    assert call(SitePaths(lang, "de", directory_urls=False)) == expected


def test_an_events_calendar_file_is_in_the_same_place_in_both_forms() -> None:
    """The .ics is a file next to the page's folder; only page URLs change form."""
    for lang in ("de", "en"):
        with_dirs = SitePaths(lang, "de").event_calendar("treffen")
        assert SitePaths(lang, "de", directory_urls=False).event_calendar("treffen") == with_dirs


def test_recap_backlinks_are_keyed_like_the_page_urls() -> None:
    """hooks/events.py matches a page's URL against these keys: the same form either way."""
    from tests.test_events_model import make_event

    events = [make_event("treffen", "2025-11-18 16:00", recap="rueckblicke/treffen")]
    assert set(recap_backlinks(events)) == {"rueckblicke/treffen/"}
    assert set(recap_backlinks(events, directory_urls=False)) == {"rueckblicke/treffen.html"}


def test_project_knows_its_url_form() -> None:
    assert load_project(ROOT / "mkdocs.yml").directory_urls is True
    assert load_project(ROOT / "mkdocs.yml").paths("en").event("x") == "en/events/x/"


def test_the_preview_config_inherits_the_site_and_turns_directory_urls_off() -> None:
    """mkdocs.preview.yml is mkdocs.yml (INHERIT) with `use_directory_urls: false`."""
    preview = load_project(ROOT / "mkdocs.preview.yml")
    site = load_project(ROOT / "mkdocs.yml")
    assert preview.directory_urls is False
    assert (preview.languages, preview.default_language) == (site.languages, site.default_language)
    assert preview.paths("en").event("x") == "en/events/x.html"
