"""Absolute hreflang links (plus x-default) for every page, generated ones included.

Material emits relative `<link rel="alternate" hreflang>` links; search engines want
absolute URLs and an x-default (ARCHITECTURE.md T11). overrides/main.html renders these.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from civic_site.i18n import build_languages, default_language, translation_urls
from civic_site.urls import absolute_url


@event_priority(-10)  # after static-i18n (50) has paired the page with its translations
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs
) -> dict[str, Any]:
    urls = translation_urls(page.file)
    links = [
        (lang, absolute_url(config.site_url, urls[lang]))
        for lang in build_languages(config)
        if lang in urls
    ]
    default = default_language(config)
    if default in urls:
        links.append(("x-default", absolute_url(config.site_url, urls[default])))
    context["hreflang_links"] = links
    context["page_absolute_url"] = absolute_url(config.site_url, page.url)
    return context
