"""Give templates the site's content data: impact figures, anchor projects, operator.

Templates get them as globals; pages with `jinja: true` in their front matter are
rendered as Jinja templates first, so the legal pages show the operator's data from
mkdocs.yml and the initiative page the project cards (civic_site/page_templates.py).
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
from mkdocs.utils import get_relative_url

from civic_site.diagnostics import Diagnostic, DiagnosticError, format_diagnostics
from civic_site.figures import figures_for_language, load_figures
from civic_site.i18n import (
    build_languages,
    current_language,
    default_language,
    language_neutral_src_uri,
    language_prefix,
)
from civic_site.operator import operator_for_language, operator_lines
from civic_site.page_templates import markdown_start_line, render_page_template
from civic_site.projects import ProjectPage, is_project_page, load_anchor_projects
from civic_site.ui_strings import load_ui_strings

FIGURES_FILE = "data/figures.yml"


def _content_data(config: MkDocsConfig, files: Files) -> dict[str, Any]:
    lang, default = current_language(config), default_language(config)
    project_dir = Path(config.config_file_path).resolve().parent
    # Files of the current language only (static-i18n), looked up without their 'de/'.
    pages = [
        ProjectPage(f"docs/{f.src_uri}", f.content_string, f.url)
        for f in files.documentation_pages()
        if is_project_page(language_neutral_src_uri(f))
    ]
    config_file = Path(config.config_file_path)
    loaders = {
        "home_figures": lambda: figures_for_language(
            load_figures(project_dir / FIGURES_FILE, build_languages(config), FIGURES_FILE), lang
        ),
        "anchor_projects": lambda: load_anchor_projects(pages),
        "operator": lambda: operator_for_language(
            config.extra.get("operator"),
            lang,
            default,
            config_file.name,
            operator_lines(config_file),
        ),
    }
    # Every mistake in figures, project pages and operator data at once, not one per build.
    data: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for name, load in loaders.items():
        try:
            data[name] = load()
        except DiagnosticError as exc:
            problems += exc.diagnostics
    if problems:
        raise PluginError(format_diagnostics(problems))
    return data


def on_env(env: Environment, config: MkDocsConfig, files: Files, **kwargs) -> Environment:
    env.globals.update(_content_data(config, files))
    return env


# Before hooks/pretix_widget.py (100), which rejects every `{% include %}` it does not know.
@event_priority(110)
def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs
) -> str:
    if page.meta.get("jinja") is not True:
        return markdown
    lang = current_language(config)
    context = {
        **_content_data(config, files),
        "page": page,
        "config": config,
        "base_url": get_relative_url(".", page.url),  # what MkDocs' `url` filter needs
        "ui": load_ui_strings(lang),
        "lang_prefix": language_prefix(lang, default_language(config)),
        "site_lang": lang,
    }
    source = f"docs/{page.file.src_uri}"
    first_line = markdown_start_line(page.file.content_string, markdown)
    try:
        return render_page_template(config.theme.get_env(), markdown, context, source, first_line)
    except DiagnosticError as exc:
        raise PluginError(str(exc)) from None
