"""sitemap.xml with the hreflang links of every page, and the robots.txt that names it.

The hreflang links (every language and x-default, absolute) live in sitemap.xml as
`xhtml:link` entries, not in each page's `<head>`: Material's bundle fetches `sitemap.xml`
below every `<link rel="alternate">` of a page, expecting language roots, so per-page links
there cost a failed request each (README: "hreflang in sitemap.xml"). Google reads hreflang
from either place. overrides/sitemap.xml renders the entries; hooks/hreflang.py passes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mkdocs.structure.files import File

from civic_site.i18n import translation_urls
from civic_site.urls import absolute_url

SITEMAP_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"


@dataclass(frozen=True)
class SitemapEntry:
    loc: str  # the page's absolute URL
    lastmod: str | None  # 'YYYY-MM-DD'
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute URL); x-default last


def hreflang_links(
    urls: dict[str, str], languages: Sequence[str], default_lang: str, site_url: str
) -> tuple[tuple[str, str], ...]:
    """(hreflang, absolute URL) for each language the page exists in, then x-default (the
    default language's version)."""
    links = [(lang, absolute_url(site_url, urls[lang])) for lang in languages if lang in urls]
    if default_lang in urls:
        links.append(("x-default", absolute_url(site_url, urls[default_lang])))
    return tuple(links)


def sitemap_entries(
    files: Iterable[File], languages: Sequence[str], default_lang: str, site_url: str
) -> list[SitemapEntry]:
    """One entry per page file (every language's), with its translations as alternates."""
    entries = []
    for file in files:
        page = file.page
        if page is None or page.is_link:
            continue
        entries.append(
            SitemapEntry(
                loc=absolute_url(site_url, file.url),
                lastmod=page.update_date or None,
                alternates=hreflang_links(
                    translation_urls(file), languages, default_lang, site_url
                ),
            )
        )
    return entries


def robots_txt(site_url: str) -> str:
    """robots.txt: everything may be crawled, and crawlers find the sitemap (and with it
    the hreflang links) without a search-console submission."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(site_url, SITEMAP_FILE)}\n"
