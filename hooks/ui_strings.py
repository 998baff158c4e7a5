"""Expose the site's UI strings (overrides/strings/<lang>.yml) and URL filters to templates."""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from civic_site.i18n import current_language, default_language, language_prefix
from civic_site.ui_strings import is_ui_strings_file, load_ui_strings
from civic_site.urls import absolute_url


def on_env(env: Environment, config: MkDocsConfig, files: Files, **kwargs) -> Environment:
    lang = current_language(config)
    env.globals["ui"] = load_ui_strings(lang)
    env.globals["site_lang"] = lang
    env.globals["lang_prefix"] = language_prefix(lang, default_language(config))
    env.filters["absolute_url"] = lambda link: absolute_url(config.site_url, link)
    return env


def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    # The string files live in overrides/ (the theme dir), whose non-template files
    # MkDocs would otherwise publish as static assets.
    for string_file in [f for f in files if is_ui_strings_file(f.abs_src_path)]:
        files.remove(string_file)
    return files
