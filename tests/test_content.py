"""The initiative's content in the built site: both languages, figures, project cards, legal pages.

Built pages are read with the standard library's HTML parser, independent of the templates.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from civic_site.figures import format_figure_value, load_figures
from civic_site.frontmatter import read_document
from civic_site.page_languages import only_language
from civic_site.placeholders import find_placeholders, is_unconfirmed, what_is_missing
from civic_site.project import load_project
from tests.sitebuild import ROOT, BuildResult, built_pages

DOCS = ROOT / "docs"
LANGS = {"de": "", "en": "en/"}  # language -> URL prefix
PLACEHOLDER_RE = re.compile(r"\bTODO\b|\bLorem\b|\bFIXME\b|\bXXX\b|\{\{|\{%")
GERMAN_NUMBER_RE = re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?(\u00a0%)?\+?$")
ENGLISH_NUMBER_RE = re.compile(r"^\d{1,3}(,\d{3})*(\.\d+)?%?\+?$")


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even if it uses tags such as !ENV or !!python/name."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _mkdocs_config() -> dict[str, Any]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_AnyTagLoader)  # noqa: S506 - SafeLoader subclass


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    classes: list[str]
    text: str = ""


@dataclass
class ParsedPage(HTMLParser):
    """Elements with their attributes and text; visible text outside <script>/<style>."""

    elements: list[Element] = field(default_factory=list)
    visible: list[str] = field(default_factory=list)
    _open: list[Element] = field(default_factory=list)
    _skip: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    VOID = {"br", "img", "link", "meta", "input", "hr", "source", "wbr", "area", "base"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        element = Element(tag, values, values.get("class", "").split())
        self.elements.append(element)
        if tag in ("script", "style"):
            self._skip += 1
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.visible.append(data)
        for element in self._open:
            element.text += data

    def find(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
        ]

    def article_text(self) -> str:
        (article,) = self.find("article")
        return " ".join(article.text.split())


def _parse(site: BuildResult, rel: str) -> ParsedPage:
    page = ParsedPage()
    page.feed(site.page(rel))
    return page


def _page_url(rel_html: str) -> str:
    """URL path of a built file relative to the site root: 'en/index.html' -> '/en/'."""
    return "/" + rel_html.removesuffix("index.html")


def _resolve(site_dir: Path, rel_html: str, href: str) -> Path:
    """The built file a relative link on page `rel_html` points to."""
    path = urlsplit(urljoin(_page_url(rel_html), href)).path
    target = site_dir / posixpath.normpath(path).lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def _doc_paths(lang: str) -> set[str]:
    base = DOCS / lang
    return {p.relative_to(base).as_posix() for p in base.rglob("*.md")}


def _only_in(lang: str) -> set[str]:
    """Pages of docs/<lang>/ that exist in that language by design (`only_language:`)."""
    return {
        rel
        for rel in _doc_paths(lang)
        if only_language(read_document(DOCS / lang / rel).meta) == lang
    }


def test_every_page_has_its_counterpart_in_the_other_language() -> None:
    german, english = _doc_paths("de"), _doc_paths("en")
    assert german, "no pages in docs/de"
    assert german - english == _only_in("de"), "German pages without an English version"
    assert english - german == _only_in("en"), "English pages without a German version"


def test_leichte_sprache_and_dgs_pages_are_german_by_design() -> None:
    assert {"leichte-sprache.md", "gebaerdensprache.md"} <= _only_in("de")


@pytest.mark.parametrize(("lang", "prefix"), LANGS.items())
def test_home_figures_come_from_the_data_file_in_the_language_format(
    real_site: BuildResult, lang: str, prefix: str
) -> None:
    figures = load_figures(ROOT / "data" / "figures.yml", list(LANGS), "data/figures.yml")
    page = _parse(real_site, f"{prefix}index.html")
    values = [e.text.strip() for e in page.find("span", "civic-figure__value")]
    labels = [e.text.strip() for e in page.find("span", "civic-figure__label")]
    assert values == [format_figure_value(f, lang) for f in figures]
    assert labels == [f.labels[lang] for f in figures]
    number_shape = GERMAN_NUMBER_RE if lang == "de" else ENGLISH_NUMBER_RE
    assert all(number_shape.match(value) for value in values), values


@pytest.mark.parametrize(
    ("rel", "source"),
    [
        ("index.html", "Quelle: Wirkungsübersicht der Initiative"),
        ("initiative/index.html", "Quelle: Wirkungsübersicht der Initiative"),
        ("en/index.html", "Source: the initiative's own impact overview"),
        ("en/initiative/index.html", "Source: the initiative's own impact overview"),
    ],
)
def test_figures_name_their_source_once(real_site: BuildResult, rel: str, source: str) -> None:
    page = _parse(real_site, rel)
    (section,) = page.find("section", "civic-figures")
    (line,) = page.find("p", "civic-figures__source")
    assert " ".join(line.text.split()) == source
    assert " ".join(section.text.split()).endswith(source)  # under the figures
    assert " ".join(" ".join(page.visible).split()).count(source.split(": ", 1)[1]) == 1


def test_the_issues_figures_are_shown_in_german_and_english_notation(
    real_site: BuildResult,
) -> None:
    german = {e.text.strip() for e in _parse(real_site, "index.html").find("span")}
    english = {e.text.strip() for e in _parse(real_site, "en/index.html").find("span")}
    assert {"158", "87\u00a0%", "3.000+", "82\u00a0%"} <= german
    assert {"158", "87%", "3,000+", "82%"} <= english


def test_no_built_page_contains_placeholder_text(real_site: BuildResult) -> None:
    problems = []
    for path in built_pages(real_site.site_dir):
        page = ParsedPage()
        page.feed(path.read_text(encoding="utf-8"))
        # Visible text and attribute values; not <meta content> (CSP hashes are random text).
        chunks = list(page.visible) + [
            value for e in page.elements if e.tag != "meta" for value in e.attrs.values()
        ]
        found = {m.group(0) for chunk in chunks for m in PLACEHOLDER_RE.finditer(chunk)}
        if found:
            problems.append(f"{path.relative_to(real_site.site_dir)}: {sorted(found)}")
    assert problems == []


def _project_front_matter(lang: str) -> dict[str, dict[str, Any]]:
    """Project page slug -> front matter, read straight from docs/<lang>/projekte/."""
    return {p.stem: read_document(p).meta for p in sorted((DOCS / lang / "projekte").glob("*.md"))}


@pytest.mark.parametrize(("lang", "prefix"), LANGS.items())
@pytest.mark.parametrize("page_name", ["index.html", "initiative/index.html"])
def test_every_anchor_project_card_links_to_its_page(
    real_site: BuildResult, lang: str, prefix: str, page_name: str
) -> None:
    rel = prefix + page_name
    page = _parse(real_site, rel)
    titles = page.find("h3", "civic-card__title")
    projects = _project_front_matter(lang)
    assert len(titles) == len(projects) == 3
    cards = [e for e in page.find("a") if any(t.text == e.text for t in titles)]
    seen = set()
    for card in cards:
        target = _resolve(real_site.site_dir, rel, card.attrs["href"])
        assert target.is_file(), f"{rel}: card {card.text!r} links to missing {target}"
        slug = target.parent.name
        assert target.parent.parent.name == "projekte"
        assert card.text == projects[slug]["name"]
        target_page = ParsedPage()
        target_page.feed(target.read_text(encoding="utf-8"))
        assert f'lang="{lang}"' in target.read_text(encoding="utf-8")
        assert projects[slug]["description"] in " ".join(
            e.text for e in page.find("p", "civic-card__text")
        )
        seen.add(slug)
    assert seen == set(projects)
    # The website from mkdocs.yml: a link once confirmed, marked text (no link) until then.
    websites = _project_websites()
    assert set(websites) == set(projects)
    external = {e.attrs["href"] for e in page.find("a", "civic-external")}
    assert external == {url for url in websites.values() if not is_unconfirmed(url)}
    marked = " ".join(e.text for e in page.find("span", "civic-unconfirmed"))
    for url in websites.values():
        assert not is_unconfirmed(url) or what_is_missing(url) in " ".join(marked.split())


def _project_websites() -> dict[str, str]:
    """extra.anchor_projects.<page name>.url in mkdocs.yml: the one place for the URLs."""
    return {
        name: entry["url"] for name, entry in _mkdocs_config()["extra"]["anchor_projects"].items()
    }


def test_project_pages_keep_no_website_of_their_own() -> None:
    for lang in LANGS:
        for name, meta in _project_front_matter(lang).items():
            assert "link" not in meta, f"docs/{lang}/projekte/{name}.md: link: → mkdocs.yml"


def test_launch_check_lists_each_project_website_once() -> None:
    found = find_placeholders(load_project(ROOT / "mkdocs.yml"))
    keys = [item.key for item in found if "anchor_projects" in item.key or "link" in item.key]
    assert sorted(keys) == sorted(
        f"extra.anchor_projects.{name}.url"
        for name, url in _project_websites().items()
        if is_unconfirmed(url)
    )


@pytest.mark.parametrize("prefix", LANGS.values())
@pytest.mark.parametrize("name", ["civic-data-lab", "civic-innovation-platform"])
def test_project_pages_link_their_website_only_once_confirmed(
    real_site: BuildResult, prefix: str, name: str
) -> None:
    url = _project_websites()[name]
    page = _parse(real_site, f"{prefix}projekte/{name}/index.html")
    hrefs = {e.attrs.get("href") for e in page.find("a")}
    if is_unconfirmed(url):
        marked = [" ".join(e.text.split()) for e in page.find("span", "civic-unconfirmed")]
        assert any(what_is_missing(url) in text for text in marked)
        guesses = set(re.findall(r"https://[^\s)]+", url))
        assert guesses and not guesses & hrefs
    else:
        assert url in hrefs


def test_project_cards_name_the_ministry_only_where_the_page_says(real_site: BuildResult) -> None:
    page = _parse(real_site, "index.html")
    meta_lines = [e.text for e in page.find("p", "civic-card__meta")]
    with_ministry = [m for m in _project_front_matter("de").values() if m.get("ministry")]
    assert len(meta_lines) == len(with_ministry)
    assert "Zuständiges Ministerium: BMAS" in meta_lines


def _third_party_urls(page: ParsedPage) -> set[str]:
    """URLs the page loads or may load by itself (not plain links a visitor follows)."""
    urls = set()
    for e in page.elements:
        candidates = []
        if e.tag in ("script", "img", "iframe", "source", "audio", "video", "embed"):
            candidates.append(e.attrs.get("src", ""))
        if e.tag == "link" and not {"canonical", "alternate"} & set(e.attrs.get("rel", "").split()):
            candidates.append(e.attrs.get("href", ""))
        if e.tag == "form":
            candidates.append(e.attrs.get("action", ""))
        if e.tag == "pretix-widget":
            candidates.append(e.attrs.get("event", ""))
        candidates += [v for k, v in e.attrs.items() if k.startswith("data-")]
        urls.update(c for c in candidates if c.startswith(("https://", "http://", "//")))
    return urls


def test_privacy_page_names_every_third_party_host(real_site: BuildResult) -> None:
    config = _mkdocs_config()
    own_host = urlsplit(config["site_url"]).hostname
    pretix_url = ((config.get("extra") or {}).get("pretix") or {}).get("url")
    hosts = {"pretix.eu", urlsplit(pretix_url).hostname} if pretix_url else {"pretix.eu"}
    for path in built_pages(real_site.site_dir):
        page = ParsedPage()
        page.feed(path.read_text(encoding="utf-8"))
        hosts |= {
            urlsplit(u if "//" in u[:8] else "https:" + u).hostname for u in _third_party_urls(page)
        }
    hosts.discard(own_host)
    for prefix in LANGS.values():
        text = _parse(real_site, f"{prefix}datenschutz/index.html").article_text()
        missing = sorted(h for h in hosts if h not in text)
        assert missing == [], f"{prefix}datenschutz/ does not mention {missing}"


def test_privacy_page_explains_storage_hosting_and_pretix(real_site: BuildResult) -> None:
    german = _parse(real_site, "datenschutz/index.html").article_text()
    english = _parse(real_site, "en/datenschutz/index.html").article_text()
    for text in (german, english):
        for fact in ("GitHub Pages", "__palette", "rami.io GmbH", "localStorage", "pretix.eu"):
            assert fact in text
    assert "keine Cookies" in german and "no cookies" in english


@pytest.mark.parametrize(("lang", "prefix"), LANGS.items())
def test_imprint_shows_the_operator_data_from_mkdocs_yml(
    real_site: BuildResult, lang: str, prefix: str
) -> None:
    operator = _mkdocs_config()["extra"]["operator"]
    localized = {
        key: operator.get(f"{key}_{lang}", operator[key]) if lang != "de" else operator[key]
        for key in ("name", "unit", "street", "city", "country", "email", "responsible")
    }
    page = _parse(real_site, f"{prefix}impressum/index.html")
    text = page.article_text()
    for key, value in localized.items():
        shown = what_is_missing(value) if is_unconfirmed(value) else value
        assert " ".join(shown.split()) in text, f"{prefix}impressum/: {key} missing"
    mailtos = {e.attrs.get("href") for e in page.find("a")}
    # An unconfirmed address is marked text, never a link (tests/test_unconfirmed_values.py).
    assert (f"mailto:{operator['email']}" in mailtos) != is_unconfirmed(operator["email"])
    if lang == "en":
        assert operator["country"] not in text  # "Deutschland" replaced by country_en


@pytest.mark.parametrize("prefix", LANGS.values())
def test_accessibility_statement_names_standard_contact_and_conciliation(
    real_site: BuildResult, prefix: str
) -> None:
    page = _parse(real_site, f"{prefix}barrierefreiheit/index.html")
    text = page.article_text()
    operator = _mkdocs_config()["extra"]["operator"]
    for fact in ("BITV 2.0", "WCAG", "2.1", "§ 16 BGG" if not prefix else "Section 16 BGG"):
        assert fact in text
    hrefs = {e.attrs.get("href") for e in page.find("a")}
    assert (f"mailto:{operator['email']}" in hrefs) != is_unconfirmed(operator["email"])
    assert "https://www.schlichtungsstelle-bgg.de/" in hrefs


@pytest.mark.parametrize(("lang", "prefix"), LANGS.items())
def test_footer_legal_links_lead_to_the_pages_of_the_same_language(
    real_site: BuildResult, lang: str, prefix: str
) -> None:
    for rel in (f"{prefix}index.html", f"{prefix}projekte/civic-data-lab/index.html"):
        page = _parse(real_site, rel)
        footer = [e for e in page.find("ul", "civic-footer__links")]
        assert footer, f"{rel}: no legal links in the footer"
        links = [
            e
            for e in page.find("a")
            if e.attrs.get("href", "")
            .rstrip("/")
            .endswith(("impressum", "datenschutz", "barrierefreiheit"))
        ]
        targets = {_resolve(real_site.site_dir, rel, e.attrs["href"]) for e in links}
        assert {t.parent.name for t in targets} >= {"impressum", "datenschutz", "barrierefreiheit"}
        for target in targets:
            assert target.is_file(), target
            assert f'<html lang="{lang}"' in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", LANGS.values())
def test_get_involved_links_to_the_events_listing(real_site: BuildResult, prefix: str) -> None:
    rel = f"{prefix}mitmachen/index.html"
    page = _parse(real_site, rel)
    event_links = [
        e for e in page.find("a") if urlsplit(e.attrs.get("href", "")).path.endswith("events/")
    ]
    assert event_links
    targets = {_resolve(real_site.site_dir, rel, e.attrs["href"]) for e in event_links}
    assert targets == {real_site.site_dir / prefix / "events" / "index.html"}
    assert all(t.is_file() for t in targets)


def _content_pages() -> list[str]:
    return sorted(
        f"{prefix}{rel.removesuffix('.md').removesuffix('index')}/index.html".replace("//", "/")
        for lang, prefix in LANGS.items()
        for rel in _doc_paths(lang)
    )


@pytest.mark.parametrize("rel", _content_pages())
def test_content_pages_have_one_h1_and_no_skipped_heading_levels(
    real_site: BuildResult, rel: str
) -> None:
    rel = rel.lstrip("/")
    page = _parse(real_site, rel)
    # Headings inside the main content: from the skip-link target to the end of <article>.
    html = real_site.page(rel)
    body = html[html.index('id="civic-main"') : html.index("</article>")]
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", body)]
    assert levels.count(1) == 1 and levels[0] == 1, f"{rel}: {levels}"
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"{rel}: heading h{before} followed by h{after}"
    assert page.find("h1")


def test_third_party_collector_sees_widget_assets_but_not_plain_links() -> None:
    page = ParsedPage()
    page.feed(
        '<div class="civic-pretix" data-pretix-script="https://pretix.eu/widget/v2.de.js">'
        '<template><pretix-widget event="https://tickets.example.org/org/ev/"></pretix-widget>'
        '</template></div><link rel="stylesheet" href="//fonts.example.com/x.css">'
        '<link rel="canonical" href="https://www.civic-coding.de/">'
        '<a href="https://elsewhere.example.net/">a link</a><img src="/local.png" alt="">'
    )
    assert _third_party_urls(page) == {
        "https://pretix.eu/widget/v2.de.js",
        "https://tickets.example.org/org/ev/",
        "//fonts.example.com/x.css",
    }
