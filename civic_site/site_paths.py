"""Every URL the site generates, in one place.

Two kinds of path live here:
- *source URIs* of generated pages, language-neutral and relative to docs/<lang>/
  ('events/archive/2023.md'), which hooks hand to MkDocs;
- *site paths*, relative to the site root and with the language prefix
  ('en/events/archive/2023/'), which templates pass through MkDocs' `url` filter
  (or `absolute_url` for feeds and hreflang links).

The page URL of a source URI follows MkDocs' `use_directory_urls` rule, so a generated
page, a link to it in a template and `check`'s idea of which pages exist always agree.
Templates get these through the `paths` global (hooks/template_api.py) and never join
prefixes themselves.

Both forms of that rule: directory URLs ('events/x/', the published site) and, with
`directory_urls=False`, file URLs ('events/x.html', 'events/index.html') for a site opened
from disk (the pull-request preview, mkdocs.preview.yml). Files that are not pages (.ics,
feed, search index) lie in the same place in both forms.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# ---------------------------------------------------------------- source URIs (generated)

EVENTS_DIR = "events"
LISTING_SOURCE = "events/index.md"  # the one generated page that is in the nav
# File names under events/ that generated pages use; an event must not take them.
RESERVED_EVENT_SLUGS = frozenset({"index", "archive", "series", "category", "calendar", "feed"})


def event_source(slug: str) -> str:
    return f"{EVENTS_DIR}/{slug}.md"


def archive_source(year: int) -> str:
    return f"{EVENTS_DIR}/archive/{year}.md"


def series_source(key: str) -> str:
    return f"{EVENTS_DIR}/series/{key}.md"


def category_source(key: str) -> str:
    return f"{EVENTS_DIR}/category/{key}.md"


# category_key and page_path are pure and asked thousands of times a build (every card,
# link and sitemap entry): each answer is computed once per process.
@lru_cache(maxsize=16384)
def category_key(name: str) -> str:
    """URL key of a category: 'KI und Zivilgesellschaft' → 'ki-und-zivilgesellschaft'."""
    text = name.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "kategorie"


def generated_sources(
    event_slugs: Iterable[str],
    archive_years: Iterable[int],
    series_keys: Iterable[str],
    category_keys: Iterable[str],
) -> set[str]:
    """Source URIs of every page the events engine generates for one language."""
    sources = {LISTING_SOURCE}
    sources |= {event_source(slug) for slug in event_slugs}
    sources |= {archive_source(year) for year in archive_years}
    sources |= {series_source(key) for key in series_keys}
    sources |= {category_source(key) for key in category_keys}
    return sources


# ------------------------------------------------------------------ URLs of source URIs


def language_prefix(lang: str, default_lang: str) -> str:
    """URL prefix of a language: '' for the default language, 'en/' for English."""
    return "" if lang == default_lang else f"{lang}/"


@lru_cache(maxsize=16384)
def page_path(norm_src_uri: str, directory_urls: bool = True) -> str:
    """URL of a page source: 'events/x.md' → 'events/x/', 'index.md' → ''; without
    directory URLs 'events/x.md' → 'events/x.html', 'index.md' → 'index.html'."""
    stem = posixpath.splitext(norm_src_uri.strip("/"))[0]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if posixpath.basename(stem) == "index":
        return posixpath.dirname(stem) + "/"
    return stem + "/"


def page_dest_uri(
    norm_src_uri: str, lang: str, default_lang: str, directory_urls: bool = True
) -> str:
    """The file a page source is written to for `lang`: 'en/events/x/index.html'
    ('en/events/x.html' without directory URLs)."""
    path = page_path(norm_src_uri, directory_urls)
    if directory_urls:
        path += "index.html"
    return language_prefix(lang, default_lang) + path


def event_calendar_name(slug: str) -> str:
    return f"{slug}.ics"


# ------------------------------------------------------------------ one language's URLs


@dataclass(frozen=True)
class SitePaths:
    """The site paths of one language (relative to the site root, no leading slash).

    `directory_urls` is MkDocs' `use_directory_urls` of the build (False for the preview).
    """

    lang: str
    default_lang: str
    directory_urls: bool = True

    @property
    def prefix(self) -> str:
        return language_prefix(self.lang, self.default_lang)

    def page(self, norm_src_uri: str) -> str:
        """A page under docs/<lang>/ by its source: page('impressum.md') → 'en/impressum/'."""
        return self.prefix + page_path(norm_src_uri, self.directory_urls)

    def page_in(self, norm_src_uri: str, lang: str) -> str:
        """The page in another language's site: page_in('leichte-sprache.md', 'de') →
        'leichte-sprache/' on every language's pages (German-only pages, linked as German)."""
        return language_prefix(lang, self.default_lang) + page_path(
            norm_src_uri, self.directory_urls
        )

    def home(self) -> str:
        """The language's home page ('' for the default language: MkDocs' `url` makes it './';
        'index.html' without directory URLs)."""
        return self.page("index.md")

    def listing(self) -> str:
        return self.page(LISTING_SOURCE)

    def event(self, slug: str) -> str:
        return self.page(event_source(slug))

    def event_calendar(self, slug: str) -> str:
        """An event's own .ics file, in its page's folder (in both URL forms)."""
        return self.prefix + page_path(event_source(slug)) + event_calendar_name(slug)

    def archive(self, year: int) -> str:
        return self.page(archive_source(year))

    def series(self, key: str) -> str:
        return self.page(series_source(key))

    def category(self, name: str) -> str:
        """The page of a category, by its display name or key."""
        return self.page(category_source(category_key(name)))

    def calendar(self) -> str:
        """The subscribable calendar of all events in this language."""
        return f"{self.prefix}{EVENTS_DIR}/calendar.ics"

    def feed(self) -> str:
        return f"{self.prefix}{EVENTS_DIR}/feed.xml"

    def calendar_files(self, event_slugs: Iterable[str]) -> list[str]:
        """Every calendar and feed file of this language: each event's, the full calendar
        and the feed (hooks/calendar_feed.py)."""
        return [self.event_calendar(s) for s in event_slugs] + [self.calendar(), self.feed()]

    def search_index(self) -> str:
        return f"{self.prefix}search/search_index.json"

    def search_index_script(self) -> str:
        """The same index as a script, which Material loads from file:// (the preview)."""
        return f"{self.prefix}search/search_index.js"

    def recap(self, recap: str, event_slugs: Iterable[str]) -> str:
        """A recap named in front matter: an event slug or a page path under docs/<lang>/."""
        target = recap.strip("/").removesuffix(".md")
        slug = target.removeprefix(f"{EVENTS_DIR}/")
        if slug in set(event_slugs):
            return self.event(slug)
        return self.page(target + ".md")
