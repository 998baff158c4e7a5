"""hreflang for every page pair, in sitemap.xml, and a robots.txt that names the sitemap.

The absolute hreflang links (every language plus x-default) are `xhtml:link` entries of
sitemap.xml (overrides/sitemap.xml, civic_site/sitemap.py), not `<link>`s in each page's head:
Material's bundle fetches a sitemap.xml below every `<link rel="alternate">` (ARCHITECTURE.md
T11; README: "hreflang in sitemap.xml").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from civic_site.i18n import build_languages, built_page_files, default_language
from civic_site.sitemap import ROBOTS_FILE, SITEMAP_FILE, robots_txt, sitemap_entries


def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig, **kwargs
) -> dict[str, Any]:
    if template_name == SITEMAP_FILE:
        context["sitemap_entries"] = sitemap_entries(
            built_page_files(config),
            build_languages(config),
            default_language(config),
            config.site_url or "",
        )
    return context


def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    # The same text in every language build (ARCHITECTURE.md T1): rewriting it is harmless.
    (Path(config.site_dir) / ROBOTS_FILE).write_text(robots_txt(config.site_url or ""), "utf-8")
