"""The pages the site generates (events, listings, series, categories), read and rendered
with less work than MkDocs spends on a page in docs/, and with the same result.

- **Read:** MkDocs reads a page's front matter with the pure-Python YAML loader. A generated
  page's file is written from a `PagePlan` (civic_site/event_pages.py), which gives the
  same Markdown and meta without YAML (`PagePlan.page_source`).
- **Rendered:** MkDocs' `Page.render` makes a new `markdown.Markdown` for every page:
  finding, loading and configuring every extension again, about 0.6 ms a page, as much as
  the rest of an event page's Markdown. Python-Markdown is made to be reused: `reset()`
  between two documents clears what one left (its HTML stash, references, and every
  extension's state through the extension's own `reset`). A generated page is rendered by
  the instance of the language build (civic_site/build_data.py), with MkDocs' per-page
  steps.

hooks/events.py makes a `GeneratedPage` for each file it adds; MkDocs keeps a file's page.
tests/test_shared_partials.py builds the fixture site with these pages and with MkDocs' own
and compares every file; tests/test_generated_page.py compares page by page.
"""

from __future__ import annotations

import logging
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from civic_site.build_data import build_data


def shared_markdown(config: MkDocsConfig) -> markdown.Markdown:
    """The language build's Markdown instance with the site's extensions."""
    return build_data(config).once(
        "markdown",
        lambda: markdown.Markdown(
            extensions=config["markdown_extensions"],
            extension_configs=config["mdx_configs"] or {},
        ),
    )


class GeneratedPage(Page):
    """A generated page: read from its plan, rendered by the shared Markdown instance."""

    def __init__(
        self, file: File, config: MkDocsConfig, source: tuple[str, dict[str, Any]]
    ) -> None:
        super().__init__(None, file, config)
        self._planned_source = source  # (Markdown, meta): what MkDocs reads from the file

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is not None:  # a plugin's text: read as MkDocs reads it
            self.markdown, self.meta = get_data(source)
            return
        text, meta = self._planned_source
        self.markdown, self.meta = text, dict(meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = shared_markdown(config).reset()
        # MkDocs' per-page processors, registered as its render does: each replaces the
        # previous page's of the same name.
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(self.file, files, config)
        anchors._register(md)
        relative_paths = mkdocs_pages._RelativePathTreeprocessor(self.file, files, config)
        relative_paths._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)

        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = title.title
        self.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_paths.links_to_anchors
