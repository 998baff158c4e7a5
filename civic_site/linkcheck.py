"""Check that every internal link and #fragment of a built site resolves inside the site.

External links are collected for review, never fetched (the build and the tests stay
offline). Absolute links to the site's own address (canonical, hreflang) count as internal.

    python -m civic_site.linkcheck site/ [--site-url https://www.civic-coding.de/]
"""

from __future__ import annotations

import argparse
import posixpath
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from civic_site.diagnostics import Diagnostic, diagnostic, format_diagnostic

# Attributes that point at another resource, per element.
_LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "form": ("action",),
}
# Schemes that never point into the site and are not web pages either.
_IGNORED_SCHEMES = {"mailto", "tel", "data", "blob"}


@dataclass(frozen=True)
class Link:
    url: str
    line: int


@dataclass
class PageLinks:
    links: list[Link] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)  # values of id= and <a name=>


@dataclass
class LinkReport:
    # One Diagnostic per broken link: path = the page inside the site
    # ("en/initiative/index.html"), key = the link's URL, message = why it is broken.
    broken: list[Diagnostic] = field(default_factory=list)
    external: dict[str, list[str]] = field(default_factory=dict)  # URL -> pages linking to it
    checked: int = 0


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.result.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.result.anchors.add(values["name"])
        for name in _LINK_ATTRIBUTES.get(tag, ()):
            if values.get(name, "").strip():
                self.result.links.append(Link(values[name].strip(), self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def extract_links(html: str) -> PageLinks:
    """The outgoing links and the fragment targets of one page."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    return parser.result


def page_url(page: str) -> str:
    """The site path a built file is served at: 'en/a/index.html' -> '/en/a/'."""
    url = "/" + page
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def classify(page: str, url: str, site_url: str) -> tuple[str, str, str]:
    """('internal', path, fragment), ('external', url, '') or ('ignored', url, '').

    `path` is the target's site path (unquoted, without query), relative to the site root.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme in _IGNORED_SCHEMES:
        return "ignored", url, ""
    site = urlsplit(site_url)
    absolute = urljoin(site_url.rstrip("/") + page_url(page), url)
    target = urlsplit(absolute)
    if (target.scheme, target.netloc) != (site.scheme, site.netloc):
        return "external", url, ""
    site_root = site.path if site.path.endswith("/") else site.path + "/"
    path = unquote(target.path)
    if not path.startswith(site_root) and path + "/" != site_root:
        return "external", url, ""
    return "internal", path[len(site_root) :], unquote(target.fragment)


def target_file(site_dir: Path, path: str) -> Path | None:
    """The file a site path is served from (GitHub Pages rules), or None if there is none."""
    candidate = site_dir / path
    normalized = posixpath.normpath("/" + path)
    if normalized.startswith("/.."):
        return None
    if path == "" or path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_site(site_dir: Path, site_url: str = "https://www.civic-coding.de/") -> LinkReport:
    """Check every .html file of a built site."""
    report = LinkReport()
    pages = {
        path.relative_to(site_dir).as_posix(): extract_links(path.read_text(encoding="utf-8"))
        for path in sorted(site_dir.rglob("*.html"))
    }
    anchors_of = {page: links.anchors for page, links in pages.items()}
    for page, links in pages.items():
        for link in links.links:
            report.checked += 1
            problem = _check_link(site_dir, page, link.url, site_url, anchors_of, report)
            if problem:
                report.broken.append(diagnostic(page, link.line, link.url, problem))
    return report


def _check_link(
    site_dir: Path,
    page: str,
    url: str,
    site_url: str,
    anchors_of: dict[str, set[str]],
    report: LinkReport,
) -> str | None:
    kind, path, fragment = classify(page, url, site_url)
    if kind == "external":
        if urlsplit(url).scheme.lower() == "javascript":
            return "javascript: links do not work without scripts and break the CSP"
        report.external.setdefault(url, []).append(page)
        return None
    if kind == "ignored":
        return None
    target = target_file(site_dir, path)
    if target is None:
        return "no such page or file in the built site"
    if not fragment or fragment == "top":
        return None
    target_page = target.relative_to(site_dir).as_posix()
    if target_page not in anchors_of:
        return f"#{fragment} points into a file that is not an HTML page"
    if fragment not in anchors_of[target_page]:
        return f"no element with id '{fragment}' in {target_page}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--site-url", default="https://www.civic-coding.de/")
    args = parser.parse_args(argv)
    report = check_site(args.site_dir, args.site_url)
    for url, pages in sorted(report.external.items()):
        print(f"external: {url}  (on {len(pages)} page(s), e.g. {pages[0]})")
    for broken in report.broken:
        print(f"BROKEN: {format_diagnostic(broken)}")
    print(
        f"{report.checked} links checked, {len(report.broken)} broken, "
        f"{len(report.external)} distinct external URLs"
    )
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
