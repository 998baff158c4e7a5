"""pretix widgets: `{% include pretix-widget.html … %}` in Markdown and the event
registration box (logic in civic_site/pretix_embed.py, HTML in
overrides/partials/pretix-widget.html, loading in docs/assets/js/pretix-consent.js).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from civic_site.i18n import current_language, default_language, language_prefix
from civic_site.pretix_embed import (
    PretixSettingsError,
    PretixTagError,
    build_widget,
    expand_include_tags,
    settings_from_extra,
)
from civic_site.pretix_ref import PretixRef, PretixValueError
from civic_site.ui_strings import load_ui_strings

WIDGET_TEMPLATE = "partials/pretix-widget.html"


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    try:
        settings_from_extra(config.extra)  # fail early on a bad extra.pretix
    except PretixSettingsError as exc:
        raise PluginError(f"mkdocs.yml: {exc}") from None
    return config


def on_env(env: Environment, config: MkDocsConfig, **kwargs) -> Environment:
    settings = settings_from_extra(config.extra)
    lang = current_language(config)

    def pretix_widget(event: Any, widget_id: str = "pretix-registration") -> Any:
        try:
            return build_widget(event.pretix, settings, lang, widget_id)
        except PretixValueError as exc:
            path = Path(event.source_path)
            raise PluginError(f"{path}:{_key_line(path, 'pretix')}: {exc}") from None

    env.globals["pretix_widget"] = pretix_widget
    return env


@event_priority(100)  # first: the tags must be gone before any other hook reads the Markdown
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs) -> str:
    if "{%" not in markdown:
        return markdown
    where, first_line = _source_position(page, markdown)
    lang = current_language(config)
    settings = settings_from_extra(config.extra)
    template = config.theme.get_env().get_template(WIDGET_TEMPLATE)
    privacy = language_prefix(lang, default_language(config)) + "datenschutz/"
    privacy_url = get_relative_url(privacy, page.url) + "#pretix"  # the privacy page's pretix part
    context = {"ui": load_ui_strings(lang), "privacy_url": privacy_url}
    count = 0

    def render(ref: PretixRef) -> str:
        nonlocal count
        count += 1
        widget = build_widget(ref, settings, lang, f"pretix-widget-{count}")
        return template.render(widget=widget, **context)

    try:
        return expand_include_tags(markdown, render)
    except PretixTagError as exc:
        raise PluginError(
            f"{where}:{first_line + exc.line - 1}: {exc.key}: {exc.message}"
        ) from None
    except PretixValueError as exc:  # no organizer configured anywhere
        raise PluginError(f"{where}:{first_line}: {exc}") from None


def _source_position(page: Page, markdown: str) -> tuple[str, int]:
    """The page's source file and the file line where `markdown` starts (after front
    matter). Generated event pages point at their events/<lang>/<slug>.md file."""
    event = getattr(page.file, "civic_context", {}).get("event")
    path = Path(event.source_path) if event else Path(page.file.abs_src_path or page.file.src_uri)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        source = ""
    start = source.find(markdown.strip()) if markdown.strip() else -1
    first_line = source.count("\n", 0, start) + 1 if start >= 0 else 1
    shown = path.resolve().relative_to(Path.cwd()) if _is_below_cwd(path) else path
    return str(shown), first_line


def _is_below_cwd(path: Path) -> bool:
    return path.resolve().is_relative_to(Path.cwd())


def _key_line(path: Path, key: str) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)
