"""Every page's title as escaped HTML before any template runs (civic_site/page_titles.py).

`on_page_content`: every page of the language build is rendered before the first template
(the nav on each page shows the other pages' titles), and MkDocs has found the titles of
pages without a front-matter title in their first heading.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from civic_site.page_titles import TitleSource, html_titles


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files, **kwargs) -> str:
    meta = page.meta if page.meta is not None else {}
    derived = page.title  # before the override below: what MkDocs would show
    source = TitleSource(
        nav=page.__dict__.get("title"),  # Page(title=…) from `nav:` sets the attribute
        front_matter=meta.get("title"),
        heading=getattr(page, "_title_from_render", None),
        derived=derived,
        is_homepage=page.is_homepage,
    )
    titles = html_titles(source)
    if titles.page is not None:
        page.title = titles.page
    if titles.meta is not None:
        meta["title"] = titles.meta
        page.meta = meta
    return html
