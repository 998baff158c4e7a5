"""One 404 page per language: the default language's at /404.html, the others' at /<lang>/404.html.

static-i18n runs the English build inside the German build's on_post_build, into the
same site_dir, so the English 404.html overwrites the German one (ARCHITECTURE.md T3).
The German page is parked before the English build starts and put back after it.
Its language switcher leads to the home pages (a 404 has no translation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority

from civic_site.i18n import (
    current_language,
    default_language,
    in_nested_language_build,
    point_switcher_at_home_pages,
)

PARKED_NAME = "404.html.default-language"


@event_priority(-10)  # after static-i18n (50), which leaves the last page's switcher links
def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig, **kwargs
) -> dict[str, Any]:
    if template_name == "404.html":
        point_switcher_at_home_pages(config)
    return context


@event_priority(10)  # before static-i18n (-100) starts the other languages' builds
def _move_aside(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    page = site / "404.html"
    if not page.exists():
        return
    lang = current_language(config)
    if lang == default_language(config):
        page.replace(site / PARKED_NAME)
    else:
        (site / lang).mkdir(parents=True, exist_ok=True)
        page.replace(site / lang / "404.html")


@event_priority(-110)  # after static-i18n (-100) has run the other languages' builds
def _restore_default(config: MkDocsConfig) -> None:
    if in_nested_language_build(config):
        return  # not yet: a later language's build would overwrite it again
    parked = Path(config.site_dir) / PARKED_NAME
    if parked.exists():
        parked.replace(Path(config.site_dir) / "404.html")


on_post_build = CombinedEvent(_move_aside, _restore_default)
