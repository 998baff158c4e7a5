"""End-to-end checks of the bilingual foundation on the real site (issue 2).

Every built page is parsed with the standard library's HTML parser: `<html lang>`,
the language switcher, no `<link>` Material would fetch a sitemap for, the search `base`,
and no third-party URL in script, link or img tags. Then the sitemap with the absolute
hreflang links of every page pair, robots.txt, the two 404 pages, the per-language search
indexes, and one search per language in Chromium.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from civic_site.frontmatter import read_document
from civic_site.page_languages import only_language
from civic_site.site_paths import page_dest_uri
from civic_site.ui_strings import load_ui_strings
from tests.browser import ServedSite, new_page
from tests.sitebuild import ROOT, STRINGS_DIR, BuildResult, built_pages

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
LANGUAGES = ("de", "en")
NOT_FOUND_PAGES = {"404.html", "en/404.html"}
SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


@dataclass
class PageFacts:
    """What the tests need from one built HTML page."""

    html_lang: str | None = None
    # <link>s that Material's `link[rel=alternate]` selects (README: hreflang in sitemap.xml)
    material_alternates: list[str] = field(default_factory=list)
    switcher: dict[str, str] = field(default_factory=dict)
    resource_urls: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    config_json: str = ""
    h1: str = ""


class _FactsParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._in_head = False
        self._in_config = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.facts.html_lang = a.get("lang")
        elif tag == "head":
            self._in_head = True
        elif tag == "link":
            self._link(a)
        elif tag == "a" and "md-select__link" in a.get("class", "").split():
            self.facts.switcher[a["hreflang"]] = a["href"]
        elif tag == "script":
            self._in_config = a.get("id") == "__config"
            if "src" in a:
                self.facts.resource_urls.append(("script", a["src"]))
        elif tag == "img" and "src" in a:
            self.facts.resource_urls.append(("img", a["src"]))
        elif tag == "h1":
            self._in_h1 = True

    def _link(self, a: dict[str, str]) -> None:
        rels = a.get("rel", "").lower().split()
        if is_selected_by_material(a.get("rel", "")):
            self.facts.material_alternates.append(a.get("href", ""))
        if ("alternate" in rels or "canonical" in rels) and a.get("href", "").startswith(SITE_URL):
            return  # links to this site's own public address are fine
        if "href" in a:
            self.facts.resource_urls.append(("link", a["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag == "script":
            self._in_config = False
        elif tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.facts.config_json += data
        if self._in_h1:
            self.facts.h1 += data


def is_selected_by_material(rel: str) -> bool:
    """True for a rel value Material's bundle selects with `link[rel=alternate]` (the whole
    value, compared ASCII case-insensitively for `rel` in HTML) to fetch a sitemap.xml."""
    return rel.lower() == "alternate"


def parse_page(html: str) -> PageFacts:
    parser = _FactsParser()
    parser.feed(html)
    parser.close()
    return parser.facts


def page_path(rel: str) -> str:
    """URL path of a built file: 'en/x/index.html' -> '/en/x/', '404.html' -> '/404.html'."""
    if rel == "index.html" or rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def language_of(path: str) -> str:
    return "en" if path.startswith("/en/") else "de"


def translations_of(path: str) -> dict[str, str]:
    """The same page in both languages: '/en/x/' -> {'de': '/x/', 'en': '/en/x/'}."""
    de_path = path[len("/en") :] if language_of(path) == "en" else path
    return {"de": de_path, "en": "/en" + de_path}


def site_absolute(path: str) -> str:
    return urljoin(SITE_URL, path.lstrip("/"))


def is_third_party(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme in ("http", "https") or parts.netloc)


@pytest.fixture(scope="module")
def pages(real_site: BuildResult) -> dict[str, PageFacts]:
    """Facts of every built HTML page, by URL path."""
    site = real_site.site_dir
    return {
        page_path(p.relative_to(site).as_posix()): parse_page(p.read_text(encoding="utf-8"))
        for p in built_pages(site)
    }


@pytest.fixture(scope="module")
def content_pages(pages: dict[str, PageFacts]) -> dict[str, PageFacts]:
    """All pages but the two 404 pages (which have no translation of their own)."""
    return {path: facts for path, facts in pages.items() if path.lstrip("/") not in NOT_FOUND_PAGES}


def test_site_has_pages_in_both_languages(content_pages: dict[str, PageFacts]) -> None:
    assert {language_of(path) for path in content_pages} == set(LANGUAGES)
    assert {"/", "/en/", "/initiative/", "/en/initiative/"} <= set(content_pages)


def test_every_page_has_a_translation(content_pages: dict[str, PageFacts]) -> None:
    for path in content_pages:
        assert set(translations_of(path).values()) <= set(content_pages), path


def test_html_lang_matches_the_language_folder(pages: dict[str, PageFacts]) -> None:
    wrong = {path: f.html_lang for path, f in pages.items() if f.html_lang != language_of(path)}
    assert wrong == {}


def test_language_switcher_leads_to_the_same_page(
    content_pages: dict[str, PageFacts], real_site: BuildResult
) -> None:
    for path, facts in content_pages.items():
        resolved = {
            lang: urlsplit(urljoin(path, href)).path for lang, href in facts.switcher.items()
        }
        assert resolved == translations_of(path), path
    for target in translations_of("/initiative/").values():
        assert (real_site.site_dir / target.lstrip("/") / "index.html").is_file()


def test_404_switchers_lead_to_the_home_pages(pages: dict[str, PageFacts]) -> None:
    for path in ("/404.html", "/en/404.html"):
        resolved = {lang: urljoin(path, href) for lang, href in pages[path].switcher.items()}
        assert resolved == {"de": "/", "en": "/en/"}, path


def test_no_link_sends_material_looking_for_a_sitemap(pages: dict[str, PageFacts]) -> None:
    """Material fetches sitemap.xml below every `link[rel=alternate]`: none on any page."""
    assert {path: f.material_alternates for path, f in pages.items() if f.material_alternates} == {}


def test_material_selector_check_is_not_blind() -> None:
    facts = parse_page(
        '<html><head><link rel="Alternate" hreflang="en" href="/en/">'
        '<link rel="alternate feed" type="application/atom+xml" href="/feed.xml"></head></html>'
    )
    assert facts.material_alternates == ["/en/"]


def test_search_base_is_the_language_root(pages: dict[str, PageFacts]) -> None:
    for path, facts in pages.items():
        base = json.loads(facts.config_json)["base"]
        root = "/en/" if language_of(path) == "en" else "/"
        assert urljoin(path, base) == root, (path, base)


def test_no_third_party_urls_in_scripts_links_or_images(pages: dict[str, PageFacts]) -> None:
    offenders = {
        path: [(tag, url) for tag, url in facts.resource_urls if is_third_party(url)]
        for path, facts in pages.items()
    }
    assert {path: found for path, found in offenders.items() if found} == {}


def test_third_party_check_is_not_blind() -> None:
    facts = parse_page(
        '<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css">'
        f'<link rel="alternate" hreflang="en" href="{SITE_URL}en/">'
        '<script src="//cdn.example.org/x.js"></script></head>'
        '<body><img src="https://example.org/i.png" alt=""></body></html>'
    )
    assert [tag for tag, url in facts.resource_urls if is_third_party(url)] == [
        "link",
        "script",
        "img",
    ]


def test_sitemap_has_absolute_hreflang_links_with_x_default(
    real_site: BuildResult, content_pages: dict[str, PageFacts]
) -> None:
    """hreflang lives in sitemap.xml (README): every page, both languages and x-default."""
    tree = ET.parse(real_site.site_dir / "sitemap.xml")
    entries = {}
    for url in tree.getroot().findall("sm:url", SITEMAP_NS):
        loc = url.findtext("sm:loc", namespaces=SITEMAP_NS)
        entries[loc] = {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", SITEMAP_NS)
            if link.get("rel") == "alternate"
        }
    assert set(entries) == {site_absolute(path) for path in content_pages}
    for path in content_pages:
        expected = {lang: site_absolute(p) for lang, p in translations_of(path).items()}
        expected["x-default"] = expected["de"]
        assert entries[site_absolute(path)] == expected, path


def test_robots_txt_names_the_sitemap(real_site: BuildResult) -> None:
    lines = real_site.page("robots.txt").splitlines()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert "User-agent: *" in lines
    assert not any(line.startswith("Disallow: /") for line in lines)


@pytest.mark.parametrize(("rel", "lang"), [("404.html", "de"), ("en/404.html", "en")])
def test_404_page_per_language(real_site: BuildResult, rel: str, lang: str) -> None:
    facts = parse_page(real_site.page(rel))
    assert facts.html_lang == lang
    assert facts.h1.strip() == load_ui_strings(lang, STRINGS_DIR)["not_found_title"]


def _search_index(real_site: BuildResult, lang: str) -> dict[str, Any]:
    prefix = "" if lang == "de" else "en/"
    return json.loads(real_site.page(f"{prefix}search/search_index.json"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_index_holds_one_language(
    real_site: BuildResult, content_pages: dict[str, PageFacts], lang: str
) -> None:
    index = _search_index(real_site, lang)
    root = "/en/" if lang == "en" else "/"
    assert index["config"]["lang"] == [lang]
    indexed = {urljoin(root, doc["location"].split("#")[0]) for doc in index["docs"]}
    in_language = {path for path in content_pages if language_of(path) == lang}
    assert indexed <= in_language
    # Every Markdown page is searchable in its languages; a page that exists in one
    # language by design (`only_language: de`: Leichte Sprache, DGS) only in that one.
    markdown_pages = {
        page_path(page_dest_uri(md.relative_to(ROOT / "docs/de").as_posix(), lang, "de"))
        for md in (ROOT / "docs/de").rglob("*.md")
        if only_language(read_document(md).meta) in (None, lang)
    }
    assert markdown_pages <= indexed


def test_german_index_has_words_with_umlauts(real_site: BuildResult) -> None:
    texts = [doc["title"] + " " + doc["text"] for doc in _search_index(real_site, "de")["docs"]]
    assert any("für" in text for text in texts)
    assert any("Gemeinwohl" in text for text in texts)
    english = [doc["title"] + " " + doc["text"] for doc in _search_index(real_site, "en")["docs"]]
    assert any("common good" in text.lower() for text in english)


def _search(page: Any, site: ServedSite, path: str, query: str) -> list[str]:
    """Type `query` into Material's search on `path`; return the result links' paths."""
    page.goto(site.url(path), wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_load_state("networkidle")  # the search worker has loaded the index
    # Typed key by key: Material searches on keyboard input, a bare fill() is not enough.
    page.locator(".md-search__input").press_sequentially(query, delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
    )
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "query", "lang"),
    # Not "für": lunr's German stop word filter drops it, so it finds nothing by design.
    [
        ("", "Gemeinwohl", "de"),
        ("", "Künstliche", "de"),
        ("", "unterstützen", "de"),
        ("en/", "common good", "en"),
    ],
)
def test_search_in_the_browser_finds_pages_of_its_language(
    browser: Any, served_site: ServedSite, path: str, query: str, lang: str
) -> None:
    with new_page(browser) as page:
        results = _search(page, served_site, path, query)
    assert results, f"no results for {query!r} on /{path}"
    assert {language_of(result) for result in results} == {lang}, results


def test_ui_strings_have_identical_keys_and_no_empty_values() -> None:
    strings = {lang: load_ui_strings(lang, STRINGS_DIR) for lang in LANGUAGES}
    assert strings["de"].keys() == strings["en"].keys()
    for lang, values in strings.items():
        raw = yaml.safe_load((STRINGS_DIR / f"{lang}.yml").read_text(encoding="utf-8"))
        empty = [key for key, value in raw.items() if value is None or not str(value).strip()]
        assert empty == [], f"{lang}.yml has empty values"
        assert values


def test_ui_strings_are_never_published(real_site: BuildResult) -> None:
    # They live in the theme dir (overrides/strings/), whose other files MkDocs publishes;
    # hooks/ui_strings.py removes them (tests/test_third_language.py: in a copied project too).
    assert sorted(real_site.site_dir.rglob("*.yml")) == []
    assert not (real_site.site_dir / "strings").exists()
