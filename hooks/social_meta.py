"""OpenGraph and Twitter card tags on every page (link previews in social networks).

Logic in civic_site/social_meta.py; overrides/partials/social-meta.html prints the tags.
A docs page's `image:` must name a file inside docs/ (civic_site/page_image.py): checked in
`on_env`, when every page of the language build is read and none is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from civic_site.build_data import build_data
from civic_site.diagnostics import Diagnostic, format_diagnostics, sort_diagnostics
from civic_site.page_image import image_diagnostics
from civic_site.social_meta import (
    DEFAULT_IMAGE,
    SocialPage,
    plain_text,
    social_image_path,
    social_image_url,
    social_meta_tags,
)
from civic_site.urls import absolute_url


def on_env(env: Environment, config: MkDocsConfig, files: Files, **kwargs) -> Environment:
    data = build_data(config)
    problems: list[Diagnostic] = []
    for file in files.documentation_pages():
        page = file.page
        if page is None or not page.meta or data.page_context.get(file.src_uri) is not None:
            continue  # generated pages have no `image:`; events have `header_image:`
        source = Path(file.abs_src_path) if file.abs_src_path else None
        shown = data.project.relative(source) if source else file.src_uri
        problems += image_diagnostics(page.meta, shown, file.content_string, data.project)
    if problems:
        raise PluginError(
            "Vorschaubilder (image:) in Seiten:\n" + format_diagnostics(sort_diagnostics(problems))
        )
    return env


@event_priority(-20)  # after hooks/events.py (default 0) has put `event` into the context
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs
) -> dict[str, Any]:
    data = build_data(config)
    is_home = page.url in ("", "./", data.paths.home())
    event = context.get("event")
    meta = page.meta or {}
    if event is not None:  # page.title of event pages is HTML-escaped for Material
        title, image = event.title, event.header_image
    else:
        title, image = plain_text(page.title or ""), meta.get("image")
    is_default = social_image_path(image) == DEFAULT_IMAGE
    social = SocialPage(
        title=config.site_name if is_home or not title else title,
        description=str(meta.get("teaser") or meta.get("description") or config.site_description),
        url=absolute_url(config.site_url or "", page.url),
        image_url=social_image_url(config.site_url or "", image),
        image_is_default=is_default,
        image_alt=data.ui["social_image_alt"] if is_default else "",
        locale=data.locale(),
        other_locales=tuple(
            data.locale(other) for other in data.project.languages if other != data.lang
        ),
        site_name=config.site_name,
        og_type="website" if is_home else "article",
    )
    context["civic_social_meta"] = social_meta_tags(social)
    return context
