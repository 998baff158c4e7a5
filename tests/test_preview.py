"""The pull-request preview (mkdocs.preview.yml): a site that works opened from disk.

Built once from the fixture events (past, upcoming, series, categories: every kind of
generated page). Every link must lead to a file (a browser shows a folder from disk as a
listing), nothing may come from another host, search needs a script index per language,
and Chromium must be able to use it all from a `file://` URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from civic_site.csp import SitePolicy
from tests.sitebuild import (
    FIXTURE_NOW,
    ROOT,
    BuildResult,
    built_pages,
    make_fixture_project,
    run_mkdocs_build,
)

pytestmark = pytest.mark.slow

LANGUAGES = {"de": "", "en": "en/"}
SHIM = "assets/vendor/iframe-worker/shim.js"


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("preview-project")
    make_fixture_project(project)
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # the pinned shim (npm ci)
    result = run_mkdocs_build(
        project / "mkdocs.preview.yml", project / "preview", env={"SITE_NOW": FIXTURE_NOW}
    )
    assert result.returncode == 0, result.output
    return result


class _References(HTMLParser):
    """Every URL a page refers to: (tag, attribute, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "poster") and value is not None:
                self.found.append((tag, name, value))


def _references(html: str) -> list[tuple[str, str, str]]:
    parser = _References()
    parser.feed(html)
    return parser.found


def _is_local(value: str) -> bool:
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc and not value.startswith("#")


def test_every_link_and_asset_is_a_file_on_disk(preview_site: BuildResult) -> None:
    """From file://, 'events/' opens a folder listing; every local URL must name a file."""
    site = preview_site.site_dir
    problems = []
    for page in built_pages(site):
        if page.name == "404.html":
            continue  # a server's answer to a missing address, root-relative on purpose
        for tag, attribute, value in _references(page.read_text(encoding="utf-8")):
            if not _is_local(value):
                continue
            target = (page.parent / unquote(urlsplit(value).path)).resolve()
            if not target.is_file():
                kind = "a folder" if target.is_dir() else "missing"
                problems.append(f"{page.relative_to(site)}: <{tag} {attribute}={value}> {kind}")
    assert not problems, "\n".join(problems[:30])


def test_generated_pages_are_html_files(preview_site: BuildResult) -> None:
    site = preview_site.site_dir
    for prefix in LANGUAGES.values():
        assert (site / prefix / "index.html").is_file()
        assert (site / prefix / "events" / "index.html").is_file()
        events = [p for p in (site / prefix / "events").glob("*.html") if p.name != "index.html"]
        assert events, f"no event pages under {prefix}events/"
        assert (site / prefix / "initiative.html").is_file()
        assert not (site / prefix / "initiative").exists()


def test_nothing_comes_from_another_host(preview_site: BuildResult) -> None:
    """Material's offline plugin would add https://unpkg.com/iframe-worker/shim: never."""
    site = preview_site.site_dir
    for page in built_pages(site):
        html = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in html, page
        for tag, attribute, value in _references(html):
            if tag in ("script", "img", "source", "track", "video", "iframe") or (
                tag == "link" and attribute == "href" and value.endswith((".css", ".js"))
            ):
                assert _is_local(value), f"{page.relative_to(site)}: <{tag} {attribute}={value}>"


def test_the_iframe_worker_shim_is_served_from_the_site_with_its_licence(
    preview_site: BuildResult,
) -> None:
    site = preview_site.site_dir
    shim = (site / SHIM).read_text(encoding="utf-8")
    assert "IFrameWorker" in shim
    assert "MIT" in shim.splitlines()[0] and "Martin Donath" in shim.splitlines()[0]
    licence = (site / SHIM).with_name("LICENSE").read_text(encoding="utf-8")
    assert "Permission is hereby granted" in licence
    # before Material's bundle, which creates the search worker
    home = preview_site.page("index.html")
    assert home.index(f'src="{SHIM}"') < home.index("assets/javascripts/bundle.")
    assert f'src="../{SHIM}"' in preview_site.page("en/index.html")


def _script_index(site: Path, prefix: str) -> dict[str, Any]:
    text = (site / prefix / "search" / "search_index.js").read_text(encoding="utf-8")
    assert text.startswith("var __index = ")
    return json.loads(text.removeprefix("var __index = "))


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES.items())
def test_search_works_without_a_server_in_every_language(
    lang: str, prefix: str, preview_site: BuildResult
) -> None:
    """Material loads search/search_index.js below the page's search base from file://."""
    site = preview_site.site_dir
    index = _script_index(site, prefix)
    as_json = json.loads((site / prefix / "search" / "search_index.json").read_text("utf-8"))
    assert index == as_json
    assert index["config"]["lang"] == [lang]
    locations = [doc["location"] for doc in index["docs"]]
    assert "initiative.html" in locations
    assert not [loc for loc in locations if loc.startswith("en/")]


def _policy(html: str) -> str:
    match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert match, "no CSP <meta>"
    return match.group(1)


def test_the_preview_policy_allows_inline_scripts_but_no_other_host(
    preview_site: BuildResult,
) -> None:
    """The shim writes its worker's bootstrap as an inline script into an iframe (its text
    holds the page-relative worker URL, so no fixed hash): 'unsafe-inline', and only here."""
    site = preview_site.site_dir
    for page in built_pages(site):
        policy = _policy(page.read_text(encoding="utf-8"))
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self' 'unsafe-inline'", page
        assert "://" not in policy, page


def test_the_published_site_stays_as_it_was(real_site: BuildResult) -> None:
    site = real_site.site_dir
    home = real_site.page("index.html")
    assert "iframe-worker" not in home and "unsafe-inline" not in home
    assert not (site / SHIM).exists()
    assert not (site / "search" / "search_index.js").exists()
    assert (site / "initiative" / "index.html").is_file()


def test_policy_for_the_preview_drops_the_hashes() -> None:
    published = SitePolicy(frozenset({"a()"}))
    preview = SitePolicy(frozenset({"a()"}), offline=True)
    assert "'sha256-" in published.tag and "unsafe-inline" not in published.tag
    assert "'sha256-" not in preview.tag and "script-src 'self' 'unsafe-inline';" in preview.tag
    with_pretix = SitePolicy(frozenset(), "https://pretix.eu/civic/", offline=True)
    assert "://" not in with_pretix.pretix_tag, "the preview loads nothing from another host"


# ------------------------------------------------------------------ Chromium, from file://

LANGUAGE_LINK = ".md-select__link[hreflang='{}']"


@pytest.fixture(scope="module")
def disk_page(browser: Any, preview_site: BuildResult) -> Iterator[Any]:
    from tests.browser import new_page

    with new_page(browser, viewport={"width": 1280, "height": 900}, clock_at=FIXTURE_NOW) as page:
        page.problems = []  # type: ignore[attr-defined]
        page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        page.on(
            "request",
            lambda r: (
                urlsplit(r.url).scheme not in ("file", "data", "about", "blob")
                and page.problems.append(f"request to {r.url}")
            ),
        )
        yield page


def _file_url(site: Path, path: str) -> str:
    return (site / path).as_uri()


def _click(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES.items())
def test_click_from_home_to_the_listing_to_an_event(
    lang: str, prefix: str, disk_page: Any, preview_site: BuildResult
) -> None:
    site = preview_site.site_dir
    page = disk_page
    page.goto(_file_url(site, prefix + "index.html"))
    assert page.evaluate("document.documentElement.lang") == lang
    _click(page, ".civic-home-events a[href$='events/index.html']")
    assert page.url == _file_url(site, prefix + "events/index.html")
    assert page.locator("h1").count() == 1
    _click(page, ".civic-event-card a")
    assert re.fullmatch(
        re.escape(_file_url(site, prefix + "events") + "/") + r"[\w-]+\.html", page.url
    )
    assert page.locator("article.civic-event").count() == 1
    assert page.evaluate("document.documentElement.lang") == lang
    assert not [p for p in page.problems if "request to" in p], page.problems


@pytest.mark.browser
@pytest.mark.parametrize(
    ("prefix", "query", "expected"),
    [("", "Gemeinwohl", "initiative.html"), ("en/", "common good", "en/initiative.html")],
)
def test_search_finds_a_word_from_disk(
    prefix: str, query: str, expected: str, disk_page: Any, preview_site: BuildResult
) -> None:
    site = preview_site.site_dir
    page = disk_page
    page.problems.clear()
    page.goto(_file_url(site, prefix + "index.html"))
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    hrefs = page.eval_on_selector_all(".md-search-result__link", "a => a.map(l => l.href)")
    assert _file_url(site, expected) in [h.split("?")[0].split("#")[0] for h in hrefs], hrefs
    # every hit is a page of the same language, as a file
    for href in hrefs:
        path = Path(unquote(urlsplit(href).path))
        assert path.is_file(), href
        assert path.relative_to(site).as_posix().startswith("en/") == (prefix == "en/"), href
    assert not page.problems, page.problems


@pytest.mark.browser
def test_the_language_switcher_goes_to_the_same_page_from_disk(
    disk_page: Any, preview_site: BuildResult
) -> None:
    site = preview_site.site_dir
    page = disk_page
    event = sorted((site / "events").glob("*.html"))[0].name
    for german in ("index.html", "initiative.html", "events/index.html", f"events/{event}"):
        page.goto(_file_url(site, german))
        page.locator(".md-header .md-select").hover()
        _click(page, LANGUAGE_LINK.format("en"))
        assert page.url == _file_url(site, "en/" + german)
        page.locator(".md-header .md-select").hover()
        _click(page, LANGUAGE_LINK.format("de"))
        assert page.url == _file_url(site, german)
