"""civic_site/sitemap.py: hreflang links and robots.txt, also for a site below a path."""

from __future__ import annotations

from civic_site.sitemap import hreflang_links, robots_txt

SITE = "https://example.org/civic/"


def test_hreflang_links_are_absolute_with_x_default_last() -> None:
    links = hreflang_links({"en": "en/x/", "de": "x/"}, ["de", "en"], "de", SITE)
    assert links == (
        ("de", "https://example.org/civic/x/"),
        ("en", "https://example.org/civic/en/x/"),
        ("x-default", "https://example.org/civic/x/"),
    )


def test_a_page_without_default_language_version_has_no_x_default() -> None:
    assert hreflang_links({"en": "en/x/"}, ["de", "en"], "de", SITE) == (
        ("en", "https://example.org/civic/en/x/"),
    )


def test_robots_txt_names_the_sitemap_below_the_site_path() -> None:
    assert "Sitemap: https://example.org/civic/sitemap.xml\n" in robots_txt(SITE.rstrip("/"))
