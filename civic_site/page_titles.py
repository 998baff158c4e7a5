"""Page titles as HTML, the way Material prints them (ARCHITECTURE.md T8).

Material and MkDocs' own templates print `page.title` and `page.meta.title` as HTML: raw in
<title>, the header, the nav, tabs, breadcrumbs and the content's <h1>, and through `| e`
in a few attributes (the footer's previous/next links). But a front-matter title is plain
text, written by an editor: `Tom & Jerry <3` or `</title><script>…` must show up as text.
So every page's title becomes `Markup` once, before any template runs
(hooks/page_titles.py): text is escaped, HTML (a title MkDocs took from the page's first
heading, or one from `nav:` in mkdocs.yml) is kept as it is. `Markup` is escaped text that
`| e` leaves alone, so nothing is escaped twice; `| striptags` turns it back into text.
The search index gets the same escaped text, and Material renders it as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class TitleSource:
    """Where a page's title comes from; each is None when the page has none of it."""

    nav: str | None  # `nav:` in mkdocs.yml (HTML, trusted configuration)
    front_matter: object  # `title:` of the front matter (text)
    heading: str | None  # MkDocs' text of the first <h1> (HTML: tags removed, entities kept)
    derived: str | None  # "Home" or the file name (text)
    is_homepage: bool


@dataclass(frozen=True)
class HtmlTitles:
    page: Markup | None  # for `page.title`
    meta: Markup | None  # for `page.meta.title`; None: no `title:` key


def html_titles(source: TitleSource) -> HtmlTitles:
    """The page's titles as HTML for the templates."""
    meta = None if source.front_matter is None else _text(source.front_matter)
    if source.nav is not None:
        page = _html(source.nav)
    elif meta is not None:
        page = meta
    elif source.heading:
        page = _html(source.heading)
    else:
        page = None if source.derived is None else _text(source.derived)
    # Material's <title> prints `page.meta.title`, else `page.title | striptags`, which is
    # text again, printed raw: give every page but the home page (whose <title> is the
    # site name) a `page.meta.title`.
    if meta is None and page is not None and not source.is_homepage:
        meta = page
    return HtmlTitles(page, meta)


def _text(value: object) -> Markup:
    return value if isinstance(value, Markup) else escape(str(value))


def _html(value: str) -> Markup:
    return Markup(value)
