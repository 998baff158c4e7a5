"""Markdown conversions kept for a preview session (`make serve`, civic_site/preview_build.py).

MkDocs converts every page's Markdown in every build (`Page.render`; generated pages with
one `Markdown` instance per language build, civic_site/generated_page.py). In the preview,
a save changes one or two pages; `RenderCache` keeps the other pages' conversions for the
whole session and `CachedRenders` (a plugin the preview adds to every build's config, full
or focused) lets each page answer from it. Only the preview uses it: `mkdocs build` and
`make build` convert every page.
"""

from __future__ import annotations

import hashlib
import logging
import types
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from civic_site.mkdocs_log import on_mkdocs_log

# The key of `CachedRenders` in config.plugins.
RENDER_CACHE_PLUGIN = "civic/preview-render-cache"


class RenderCache:
    """MkDocs' Markdown conversions of the pages of a preview session (`Page.render`).

    Keyed by everything the conversion reads: the page's source and destination, its
    Markdown after every `on_page_markdown` hook, the site's files (links are resolved and
    checked against them), the Markdown extensions and the link validation settings. A
    conversion that logged a warning is not kept, so the warning (and, with `strict`, the
    failed build) comes back until the page is fixed."""

    LIMIT = 5_000

    def __init__(self) -> None:
        self._renders: OrderedDict[tuple[str, ...], tuple[Any, ...]] = OrderedDict()
        self.hits = 0

    def install(self, page: Page, files_key: str, converted: set[str]) -> None:
        """Let `page.render` answer from the cache (an attribute of this page only); the
        pages it converts are added to `converted`."""
        original = page.render
        cache = self

        def render(self: Page, config: MkDocsConfig, files: Files) -> None:
            assert self.markdown is not None
            key = (self.file.src_uri, self.file.dest_uri, self.markdown, files_key)
            kept = cache._renders.get(key)
            if kept is not None:
                cache.hits += 1
                cache._renders.move_to_end(key)
                (self.content, self.toc, self._title_from_render) = kept[:3]
                (self.present_anchor_ids, self.links_to_anchors) = kept[3:]
                return
            converted.add(self.file.src_uri)
            with warnings_counted() as counter:
                original(config, files)
            if not counter.get_counts():
                cache._renders[key] = (
                    self.content,
                    self.toc,
                    self._title_from_render,
                    self.present_anchor_ids,
                    self.links_to_anchors,
                )
                while len(cache._renders) > cache.LIMIT:
                    cache._renders.popitem(last=False)

        page.render = types.MethodType(render, page)  # type: ignore[method-assign]


@contextmanager
def warnings_counted() -> Iterator[utils.CountHandler]:
    """Count the warnings MkDocs logs meanwhile (as `mkdocs build` does for `strict`)."""
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    with on_mkdocs_log(counter):
        yield counter


def files_key(config: MkDocsConfig, files: Files) -> str:
    """A fingerprint of what a page's conversion reads besides its own Markdown."""
    parts = (
        sorted((f.src_uri, f.dest_uri, f.url) for f in files),
        repr(config["markdown_extensions"]),
        repr(sorted((config["mdx_configs"] or {}).items())),
        repr(config.validation),
        config.use_directory_urls,
    )
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()


class CachedRenders(BasePlugin):
    """Installs the session's `RenderCache` on every page of a build (full or focused)."""

    def __init__(self, cache: RenderCache) -> None:
        super().__init__()
        self.cache = cache
        self.key = ""
        self.converted: set[str] = set()  # src_uri of the pages whose Markdown was converted

    @event_priority(-10_000)  # last: the set of files is final
    def on_files(self, files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
        self.key = files_key(config, files)
        return files

    @event_priority(-10_000)  # last: the Markdown is final
    def on_page_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str:
        self.cache.install(page, self.key, self.converted)
        return markdown


def converted_pages(config: MkDocsConfig) -> set[str] | None:
    """The pages whose Markdown this build converted (None: not known in this build)."""
    plugin = config.plugins.get(RENDER_CACHE_PLUGIN)
    return plugin.converted if isinstance(plugin, CachedRenders) else None
