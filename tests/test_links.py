"""Internal links and #fragments resolve inside the built site; external links are listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from civic_site.diagnostics import format_diagnostic
from civic_site.linkcheck import check_site, classify, extract_links, page_url, target_file
from tests.browser import SCREENSHOT_DIR
from tests.sitebuild import BuildResult

SITE_URL = "https://www.civic-coding.de/"


def _write(root: Path, rel: str, html: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    _write(tmp_path, "index.html", '<h1 id="top-title">x</h1><a href="en/">en</a>')
    _write(tmp_path, "en/index.html", '<p id="intro">x</p><a href="../#top-title">de</a>')
    _write(tmp_path, "assets/site.css", "body{}")
    _write(tmp_path, "en/a b/index.html", '<a name="old-anchor"></a>')
    return tmp_path


def test_extract_links_and_anchors() -> None:
    page = extract_links(
        '<link rel="stylesheet" href="a.css">\n<a href="#x" id="me">m</a>\n'
        '<img src="i.png" alt=""><a name="legacy"></a><script src="s.js"></script>'
        '<a>no href</a><a href="  ">blank</a>'
    )
    assert [(link.url, link.line) for link in page.links] == [
        ("a.css", 1),
        ("#x", 2),
        ("i.png", 3),
        ("s.js", 3),
    ]
    assert page.anchors == {"me", "legacy"}


def test_page_url() -> None:
    assert page_url("index.html") == "/"
    assert page_url("en/events/x/index.html") == "/en/events/x/"
    assert page_url("404.html") == "/404.html"


@pytest.mark.parametrize(
    ("page", "url", "expected"),
    [
        ("en/index.html", "../initiative/", ("internal", "initiative/", "")),
        ("index.html", "#civic-main", ("internal", "", "civic-main")),
        ("404.html", "/en/", ("internal", "en/", "")),
        ("index.html", "https://www.civic-coding.de/en/", ("internal", "en/", "")),
        ("index.html", "https://www.civic-coding.de", ("internal", "", "")),
        ("index.html", "en/a%20b/#x%C3%A4", ("internal", "en/a b/", "xä")),
        ("index.html", "https://example.org/x", ("external", "https://example.org/x", "")),
        (
            "index.html",
            "http://www.civic-coding.de/",
            ("external", "http://www.civic-coding.de/", ""),
        ),
        (
            "index.html",
            "mailto:info@civic-coding.de",
            ("ignored", "mailto:info@civic-coding.de", ""),
        ),
        ("index.html", "data:image/png;base64,AA", ("ignored", "data:image/png;base64,AA", "")),
    ],
)
def test_classify(page: str, url: str, expected: tuple[str, str, str]) -> None:
    assert classify(page, url, SITE_URL) == expected


def test_target_file_follows_github_pages_rules(tiny_site: Path) -> None:
    assert target_file(tiny_site, "") == tiny_site / "index.html"
    assert target_file(tiny_site, "en") == tiny_site / "en" / "index.html"  # redirect to en/
    assert target_file(tiny_site, "assets/site.css") == tiny_site / "assets" / "site.css"
    assert target_file(tiny_site, "missing/") is None
    assert target_file(tiny_site, "../etc/passwd") is None


def test_check_site_accepts_a_consistent_site(tiny_site: Path) -> None:
    report = check_site(tiny_site, SITE_URL)
    assert report.broken == []
    assert report.checked == 2


def test_check_site_reports_broken_pages_fragments_and_lists_external(tiny_site: Path) -> None:
    _write(
        tiny_site,
        "en/broken/index.html",
        '<a href="../nowhere/">1</a>\n<a href="../#missing">2</a>\n<a href="#">3</a>\n'
        '<a href="https://example.org/">4</a>\n<a href="../../assets/site.css#x">5</a>\n'
        '<a href="javascript:void(0)">6</a>\n<a href="../a%20b/#old-anchor">7</a>',
    )
    report = check_site(tiny_site, SITE_URL)
    assert [(b.path, b.line, b.key) for b in report.broken] == [
        ("en/broken/index.html", 1, "../nowhere/"),
        ("en/broken/index.html", 2, "../#missing"),
        ("en/broken/index.html", 5, "../../assets/site.css#x"),
        ("en/broken/index.html", 6, "javascript:void(0)"),
    ]
    assert "no element with id 'missing' in en/index.html" in report.broken[1].message
    assert format_diagnostic(report.broken[0]) == (
        "en/broken/index.html:1: ../nowhere/: no such page or file in the built site"
    )
    assert report.external == {"https://example.org/": ["en/broken/index.html"]}


def test_real_site_links_resolve_in_both_languages(real_site: BuildResult) -> None:
    report = check_site(real_site.site_dir, SITE_URL)
    assert (real_site.site_dir / "en" / "index.html").is_file()
    assert report.checked > 100
    assert not report.broken, "\n".join(format_diagnostic(b) for b in report.broken)
    _write_external_report(report.external)


def _write_external_report(external: dict[str, list[str]]) -> None:
    """External links are listed for a person to review, not fetched (no network in tests)."""
    lines = [
        f"{url}\t{len(pages)} page(s), e.g. {pages[0]}" for url, pages in sorted(external.items())
    ]
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    (SCREENSHOT_DIR / "external-links.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("External links (not fetched):", *lines, sep="\n  ")
