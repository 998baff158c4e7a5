"""Leichte Sprache and Deutsche Gebärdensprache are linked at the top of every page (BITV 2.0 § 4).

German pages link both pages with a pictogram and a text label; English pages link the same
German pages, marked as German content (`hreflang="de"`, `lang="de"`). The pictograms are
decoration (`aria-hidden`); the text names the link. Read with the standard library's parser.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from tests.sitebuild import BuildResult, built_pages

TARGETS = {"leichte-sprache": "Leichte Sprache", "gebaerdensprache": "Gebärdensprache"}


@dataclass
class AccessLink:
    href: str
    attrs: dict[str, str]
    text: str = ""
    svgs: list[dict[str, str]] = field(default_factory=list)


class _AccessBar(HTMLParser):
    """The links inside <nav class="civic-access">, and where the bar and the header are."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[AccessLink] = []
        self.bar_label: str | None = None
        self.order: list[str] = []  # "bar", "header", "main" in document order
        self._in_bar = 0
        self._link: AccessLink | None = None
        self._hidden = 0  # depth inside an element that is visually hidden

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        classes = values.get("class", "").split()
        if tag == "nav" and "civic-access" in classes:
            self._in_bar = 1
            self.bar_label = values.get("aria-label")
            self.order.append("bar")
            return
        if tag == "header" and "md-header" in classes:
            self.order.append("header")
        if tag == "main":
            self.order.append("main")
        if not self._in_bar:
            return
        if tag not in ("br", "img", "path", "circle", "rect", "ellipse", "line", "polyline"):
            self._in_bar += 1
        if tag == "a":
            self._link = AccessLink(values.get("href", ""), values)
            self.links.append(self._link)
        elif tag == "svg" and self._link is not None:
            self._link.svgs.append(values)
        if self._hidden or "civic-visually-hidden" in classes:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if not self._in_bar or tag in ("path", "circle", "rect", "ellipse", "line", "polyline"):
            return
        self._in_bar -= 1
        if self._hidden:
            self._hidden -= 1
        if tag == "a":
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None and not self._hidden and self._in_bar:
            self._link.text += data


def _bar(site: BuildResult, rel: str) -> _AccessBar:
    parser = _AccessBar()
    parser.feed(site.page(rel))
    return parser


def _target(rel: str, href: str) -> str:
    """The built file a link on page `rel` leads to, relative to the site root."""
    base = "/" + rel.removesuffix("index.html")
    path = urlsplit(urljoin(base, href)).path
    path = posixpath.normpath(path).lstrip("/") + ("/" if path.endswith("/") else "")
    return path + "index.html" if path.endswith("/") or not path else path


def _pages(site: BuildResult, english: bool) -> list[str]:
    rels = [p.relative_to(site.site_dir).as_posix() for p in built_pages(site.site_dir)]
    return [r for r in rels if r.startswith("en/") == english]


def test_every_german_page_links_leichte_sprache_and_dgs_at_the_top(real_site: BuildResult) -> None:
    pages = _pages(real_site, english=False)
    assert "index.html" in pages and "404.html" in pages and "events/index.html" in pages
    for rel in pages:
        bar = _bar(real_site, rel)
        assert bar.order[:2] == ["bar", "header"], f"{rel}: the links come before the header"
        assert bar.bar_label, f"{rel}: the navigation landmark needs a name"
        targets = {_target(rel, link.href): link for link in bar.links}
        for slug, label in TARGETS.items():
            link = targets.get(f"{slug}/index.html")
            assert link is not None, f"{rel}: no link to /{slug}/"
            assert " ".join(link.text.split()) == label, rel
            assert link.svgs and all(s.get("aria-hidden") == "true" for s in link.svgs), rel
            assert "hreflang" not in link.attrs and "lang" not in link.attrs, rel


def test_every_english_page_links_the_german_pages_marked_as_german(
    real_site: BuildResult,
) -> None:
    pages = _pages(real_site, english=True)
    assert "en/index.html" in pages and "en/404.html" in pages
    for rel in pages:
        bar = _bar(real_site, rel)
        assert bar.order[:2] == ["bar", "header"], rel
        targets = {_target(rel, link.href): link for link in bar.links}
        for slug, label in TARGETS.items():
            link = targets.get(f"{slug}/index.html")  # the German page, not /en/…
            assert link is not None, f"{rel}: no link to the German /{slug}/"
            assert link.attrs.get("hreflang") == "de" and link.attrs.get("lang") == "de", rel
            assert " ".join(link.text.split()) == label, rel
            assert all(s.get("aria-hidden") == "true" for s in link.svgs), rel
            assert not any(t.startswith("en/") for t in targets), rel


def test_the_link_says_in_english_that_the_page_is_german(real_site: BuildResult) -> None:
    html = real_site.page("en/index.html")
    bar = html[
        html.index('class="civic-access"') : html.index("</nav>", html.index("civic-access"))
    ]
    assert bar.count('class="civic-visually-hidden" lang="en"') == 2
    assert "German" in bar


def test_the_current_page_is_marked_in_the_bar(real_site: BuildResult) -> None:
    bar = _bar(real_site, "leichte-sprache/index.html")
    current = [link for link in bar.links if link.attrs.get("aria-current") == "page"]
    assert [" ".join(link.text.split()) for link in current] == ["Leichte Sprache"]


@pytest.mark.parametrize("slug", TARGETS)
def test_english_fallback_says_the_page_is_german_by_design(
    real_site: BuildResult, slug: str
) -> None:
    html = real_site.page(f"en/{slug}/index.html")
    assert "This content is offered in German only." in html
    assert "has not been translated yet" not in html


def test_pictograms_and_focus_are_styled(real_site: BuildResult) -> None:
    css = real_site.page("assets/css/site.css")
    assert ".civic-access" in css
    assert "a:focus-visible" in css  # civic.css: a visible outline for every link
