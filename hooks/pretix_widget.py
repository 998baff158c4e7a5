"""pretix widgets: `{% include pretix-widget.html … %}` in Markdown and the event
registration box (logic in civic_site/pretix_embed.py, HTML in
overrides/partials/pretix-widget.html, loading in docs/assets/js/pretix-consent.js).
The registration box gets its widget from the template API's `pretix_widget`
(civic_site/template_api.py).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from civic_site.build_data import BuildData, build_data
from civic_site.diagnostics import diagnostic
from civic_site.page_templates import markdown_start_line
from civic_site.pretix_embed import (
    PretixSettingsError,
    PretixTagError,
    build_widget,
    expand_include_tags,
    settings_from_extra,
)
from civic_site.pretix_ref import PretixRef, PretixValueError

WIDGET_TEMPLATE = "partials/pretix-widget.html"
PRIVACY_PAGE = "datenschutz.md"  # its "pretix" section explains the widget


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    try:
        settings_from_extra(config.extra)  # fail early on a bad extra.pretix
    except PretixSettingsError as exc:
        raise PluginError(f"mkdocs.yml: {exc}") from None
    return config


@event_priority(100)  # first: the tags must be gone before any other hook reads the Markdown
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs) -> str:
    if "{%" not in markdown:
        return markdown
    data = build_data(config)
    where, first_line = _source_position(data, page, markdown)
    settings = settings_from_extra(config.extra)
    template = config.theme.get_env().get_template(WIDGET_TEMPLATE)
    privacy_url = get_relative_url(data.paths.page(PRIVACY_PAGE), page.url) + "#pretix"
    context = {"ui": data.ui, "privacy_url": privacy_url}
    count = 0

    def render(ref: PretixRef) -> str:
        nonlocal count
        count += 1
        widget = build_widget(ref, settings, data.lang, f"pretix-widget-{count}")
        return template.render(widget=widget, **context)

    try:
        return expand_include_tags(markdown, render)
    except PretixTagError as exc:
        line = first_line + exc.line - 1
        raise PluginError(str(diagnostic(where, line, exc.key, exc.message))) from None
    except PretixValueError as exc:  # no organizer configured anywhere
        raise PluginError(str(diagnostic(where, first_line, exc.key, exc.message))) from None


def _source_position(data: BuildData, page: Page, markdown: str) -> tuple[str, int]:
    """The page's source file (as shown to editors) and the line on which `markdown`
    begins. A generated event page points into its events/<lang>/<slug>.md file, whose
    body the event carries in memory; a docs page is found in its source text."""
    event = data.page_context.get(page.file.src_uri, {}).get("event")
    if event is not None:
        return event.source_path, event.body_line + markdown_start_line(event.body, markdown) - 1
    source = page.file.abs_src_path or f"{data.project.docs_dir}/{page.file.src_uri}"
    shown = data.project.relative(Path(source))
    return shown, markdown_start_line(page.file.content_string, markdown)
